import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process a test could not start or that did not end in time, with what happened.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program with posix_spawn and waits for it, bounded by a timeout.
///
/// Foundation's `Process` is not used anywhere in the tests: on Linux one manager thread
/// reaps every child it starts, blocking in `waitpid` once a child's socket closes; a child
/// that closes its inherited descriptors and runs on (`ssh` does), or a daemon that inherits
/// another child's socket, stalls every later `waitUntilExit` in the test process for as long
/// as it lives, with no bound. Here each child gets only its stdio (files, /dev/null or a pipe
/// closed on exec elsewhere), every wait is bounded, and nothing inherits the test runner's
/// output, so a child left behind can never hold it open.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// stdout byte for byte (`stdout` replaces bytes that are not UTF-8).
        public var stdoutBytes: Data
        /// Wall time from spawn to exit.
        public var duration: Duration
    }

    /// How many `throttled` children may run at once. The suite runs hundreds of installs,
    /// matrices of them, in parallel; started all at once on a small machine (CI has 2 cores)
    /// they starve each other and the simulators in this process until their timeouts expire.
    private static let slots = DispatchSemaphore(value: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `argv` (argv[0] an absolute path) with exactly `environment`, in `directory`,
    /// stdin from `stdin` (bytes) or /dev/null. Kills the child and throws after `timeout`.
    /// With `throttled`, first waits for one of a few slots (the timeout counts from the
    /// start): only from a thread of its own (`onOwnThread`), never from the concurrency pool,
    /// which the simulators serving the running children need.
    public static func run(
        _ argv: [String], environment: [String: String], stdin: Data? = nil, directory: String? = nil,
        timeout: Duration = .seconds(60), throttled: Bool = false
    ) throws -> Result {
        if throttled { slots.wait() }
        defer { if throttled { slots.signal() } }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let inputPath = try scratch.input(stdin)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch.stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch.stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try closeInherited(&actions, directory: directory)

        let clock = ContinuousClock()
        let started = clock.now
        let pid = try spawn(argv, environment: environment, actions: &actions)
        guard let status = reap(pid, within: timeout) else {
            throw ChildProcessError("\(argv.joined(separator: " ")) did not exit within \(timeout)")
        }
        let bytes = FileManager.default.contents(atPath: scratch.stdout) ?? Data()
        return Result(
            status: status, stdout: String(decoding: bytes, as: UTF8.self), stderr: text(scratch.stderr),
            stdoutBytes: bytes, duration: clock.now - started)
    }

    /// Adds to `actions`: close every descriptor above stderr (this process's sockets, pipes
    /// and listeners must not live on in a child, nor in a daemon it starts), and change to
    /// `directory` when given.
    public static func closeInherited(_ actions: inout posix_spawn_file_actions_t, directory: String? = nil) throws {
        guard addCloseFrom(&actions, 3) == 0 else { throw ChildProcessError("cannot close inherited descriptors") }
        if let directory {
            guard addChdir(&actions, directory) == 0 else { throw ChildProcessError("cannot chdir to \(directory)") }
        }
    }

    /// Starts `argv` with `actions`, no signal blocked and the default signal actions
    /// (`startWithDefaultSignals`), in a process group of its own with `ownProcessGroup`;
    /// its pid.
    public static func spawn(
        _ argv: [String], environment: [String: String], actions: inout posix_spawn_file_actions_t,
        ownProcessGroup: Bool = false
    ) throws -> pid_t {
        var arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { variables.forEach { free($0) } }
        // The calling thread may block signals (test runners and event loops do); a child
        // inherits that mask, and a tmux server started with SIGCHLD and SIGTERM blocked never
        // reaps its panes nor exits on kill-server. Start every child with the defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup { posix_spawnattr_setpgroup(&attributes, 0) }
        startWithDefaultSignals(&attributes, extraFlags: ownProcessGroup ? Int32(POSIX_SPAWN_SETPGROUP) : 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &arguments, &variables)
        guard spawned == 0 else { throw ChildProcessError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// Waits for `pid` (polling, so no signal or other thread can stall it) for up to
    /// `timeout`; its exit code (128 + SIGKILL when it is no child to wait for), or nil after
    /// killing and reaping it when the time ran out.
    public static func reap(_ pid: pid_t, within timeout: Duration) -> Int32? {
        let clock = ContinuousClock()
        let started = clock.now
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return exitCode(status) }
            if reaped < 0, errno != EINTR { return 128 + SIGKILL }
            if clock.now - started > timeout {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                return nil
            }
            usleep(2_000)
        }
    }

    /// Spawn attributes for a child that starts with no signal blocked and the default action
    /// for every signal a test or the child relies on; `extraFlags` adds e.g.
    /// `POSIX_SPAWN_SETPGROUP`.
    static func startWithDefaultSignals(_ attributes: inout posix_spawnattr_t, extraFlags: Int32 = 0) {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGWINCH,
                       SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | extraFlags))
    }

    /// The exit status, or 128 + the signal number for a child killed by a signal (as a shell
    /// reports it).
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private typealias Actions = UnsafeMutablePointer<posix_spawn_file_actions_t>

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which the Glibc module does not
    /// import; looked up at run time.
    private static let addChdir = symbol(
        "posix_spawn_file_actions_addchdir_np", as: (@convention(c) (Actions, UnsafePointer<CChar>) -> Int32).self)

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), likewise.
    private static let addCloseFrom = symbol(
        "posix_spawn_file_actions_addclosefrom_np", as: (@convention(c) (Actions, Int32) -> Int32).self)

    /// glibc's `pipe2`, which the Glibc module does not import: a pipe whose ends no other
    /// thread's child can inherit, not even between its creation and a later `fcntl`.
    static func pipeClosedOnExec(_ ends: UnsafeMutablePointer<Int32>) -> Int32 {
        pipe2(ends, O_CLOEXEC)
    }

    private static let pipe2 = symbol("pipe2", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            fatalError("\(name) is missing from this C library")
        }
        return unsafeBitCast(address, to: type)
    }

    static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}

/// A private folder for one child's stdin, stdout and stderr files.
struct Scratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "pomclaw-child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    var stdout: String { path + "/stdout" }
    var stderr: String { path + "/stderr" }

    /// The path stdin comes from: a file holding `bytes`, or /dev/null.
    func input(_ bytes: Data?) throws -> String {
        guard let bytes else { return "/dev/null" }
        let file = path + "/stdin"
        try bytes.write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A child that runs while a test talks to it (a server, a lock holder): started like
/// `ChildProcess.run`, with stdout on a pipe the test reads and stderr in a file. `stop()`
/// (and deinit) kill and reap it, so it never outlives its test.
public final class RunningChild: @unchecked Sendable {
    public let pid: pid_t
    /// The read end of the child's stdout; end of file once it exits.
    public let output: FileHandle
    private let scratch: Scratch
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `argv` (argv[0] an absolute path) with exactly `environment`, stdin from
    /// `stdin` (bytes) or /dev/null.
    public init(_ argv: [String], environment: [String: String], stdin: Data? = nil, directory: String? = nil) throws {
        scratch = try Scratch()
        var pipeEnds: [Int32] = [0, 0]
        guard ChildProcess.pipeClosedOnExec(&pipeEnds) == 0 else {
            scratch.remove()
            throw ChildProcessError("cannot make a pipe: errno \(errno)")
        }
        defer { close(pipeEnds[1]) }
        output = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true)
        do {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, try scratch.input(stdin), O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addopen(&actions, 2, scratch.stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try ChildProcess.closeInherited(&actions, directory: directory)
            pid = try ChildProcess.spawn(argv, environment: environment, actions: &actions)
        } catch {
            scratch.remove()
            throw error
        }
    }

    deinit {
        stop()
        scratch.remove()
    }

    /// What the child wrote to stderr so far.
    public var errorOutput: String { ChildProcess.text(scratch.stderr) }

    /// Sends `signal` unless the child was reaped already.
    public func signal(_ signal: Int32) {
        lock.withLock {
            if exitStatus == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits up to `timeout` for the child to exit; its exit code (128 + signal when a signal
    /// ended it), or nil after killing it when the time ran out.
    @discardableResult
    public func wait(timeout: Duration) -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            let status = ChildProcess.reap(pid, within: timeout)
            exitStatus = status ?? 128 + SIGKILL
            return status
        }
    }

    /// Kills the child (SIGKILL: a test's server has nothing to finish) and reaps it.
    public func stop() {
        signal(SIGKILL)
        wait(timeout: .seconds(10))
    }

    /// Reads stdout until `done` holds for what was read, end of file, or `timeout`; what was
    /// read. Never blocks past the timeout, whatever the child does.
    public func read(timeout: Duration, until done: (String) -> Bool) -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !done(String(decoding: bytes, as: UTF8.self)) {
            let left = deadline - clock.now
            guard left > .zero else { break }
            var descriptor = pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(1_000, max(1, left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000)))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0, errno != EINTR { break }
            guard ready > 0 else { continue }
            let count = Glibc.read(output.fileDescriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
