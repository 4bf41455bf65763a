import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with posix_spawn and waits for it, bounded by a timeout. Foundation's
/// `Process` is avoided: its child monitor can stall once a long-running child (a tmux server,
/// a daemon) exists. stdin comes from a file (or /dev/null); stdout and stderr go to files, so
/// no pipe can fill up and stall the child.
enum ChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall time from spawn to exit.
        var duration: Duration
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
    static func run(
        _ argv: [String], environment: [String: String], stdin: Data? = nil, directory: String? = nil,
        timeout: Duration = .seconds(60), throttled: Bool = false
    ) throws -> Result {
        if throttled { slots.wait() }
        defer { if throttled { slots.signal() } }
        let scratch = NSTemporaryDirectory() + "pomclaw-child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inputPath = stdin == nil ? "/dev/null" : scratch + "/stdin"
        if let stdin { try stdin.write(to: URL(fileURLWithPath: inputPath)) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing of this process beyond stdio: its sockets (a simulator's listener) must not
        // live on in a daemon the child starts.
        guard Self.addCloseFrom(&actions, 3) == 0 else { throw TestFailure("cannot close inherited descriptors") }
        if let directory {
            guard Self.addChdir(&actions, directory) == 0 else { throw TestFailure("cannot chdir to \(directory)") }
        }
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
        Self.startWithDefaultSignals(&attributes)

        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &arguments, &variables)
        guard spawned == 0 else { throw TestFailure("cannot start \(argv[0]): error \(spawned)") }

        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR { throw TestFailure("waitpid failed for \(argv[0]): errno \(errno)") }
            if clock.now - started > timeout {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                throw TestFailure("\(argv.joined(separator: " ")) did not exit within \(timeout)")
            }
            usleep(2_000)
        }
        let duration = clock.now - started
        return Result(
            status: Self.exitCode(status), stdout: Self.text(scratch + "/stdout"),
            stderr: Self.text(scratch + "/stderr"), duration: duration)
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
    private static func exitCode(_ status: Int32) -> Int32 {
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

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            fatalError("\(name) is missing from this C library")
        }
        return unsafeBitCast(address, to: type)
    }

    private static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
