import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `posix_spawn` with the care a child needs: default signal mask and dispositions (the
/// calling thread may block signals, and ignored signals survive exec), no descriptors beyond
/// 0, 1 and 2, an exact environment and a working directory.
///
/// Children stay in pomclaw's process group, so a Ctrl-C at the terminal reaches them too; a
/// signal sent to pomclaw alone reaches them through the interrupt handler (`LiveChildren`).
enum Spawn {
    /// Starts `argv` with `stdin`, `stdout` and `stderr` as the child's 0, 1 and 2 (`stdin`
    /// nil: /dev/null). Returns the child's pid.
    static func start(
        _ argv: [String], environment: [String: String], directory: String?,
        stdin: Int32?, stdout: Int32, stderr: Int32
    ) throws(ProcessStartError) -> pid_t {
        let program = argv.first ?? ""
        guard program.hasPrefix("/") else {
            throw ProcessStartError(program: program, reason: "not an absolute path")
        }
        // A NUL cannot pass through exec: refuse rather than cut a value short.
        let strings = argv + environment.flatMap { [$0.key, $0.value] } + [directory ?? ""]
        guard !strings.contains(where: { $0.utf8.contains(0) }) else {
            throw ProcessStartError(program: program, reason: "an argument or environment value contains a NUL byte")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Without closefrom (glibc before 2.34) only descriptors opened with O_CLOEXEC stay
        // behind, as all of pomclaw's are.
        if let addCloseFrom, addCloseFrom(&actions, 3) != 0 {
            throw ProcessStartError(program: program, reason: "cannot arrange to close inherited descriptors")
        }
        if let directory {
            guard let addChdir, addChdir(&actions, directory) == 0 else {
                throw ProcessStartError(program: program, reason: "cannot arrange to change directory to \(directory)")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal: Int32 in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var variables: [UnsafeMutablePointer<CChar>?] =
            environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { variables.forEach { free($0) } }

        // Recorded among the live children before a signal can look for it, so pomclaw's
        // interrupt handler stops it too.
        return try LiveChildren.spawning(point: argv.last ?? "") { () throws(ProcessStartError) -> pid_t in
            var pid: pid_t = 0
            let failed = posix_spawn(&pid, program, &actions, &attributes, &arguments, &variables)
            guard failed == 0 else {
                var reason = String(cString: strerror(failed))
                if failed == ENOENT, let directory, !FileManager.default.fileExists(atPath: directory) {
                    reason = "the directory \(directory) does not exist"
                }
                throw ProcessStartError(program: program, reason: reason)
            }
            return pid
        }
    }

    private typealias Actions = UnsafeMutablePointer<posix_spawn_file_actions_t>

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which the Glibc module does not
    /// import; looked up at run time (nil on an older C library).
    private static let addChdir = symbol(
        "posix_spawn_file_actions_addchdir_np", as: (@convention(c) (Actions, UnsafePointer<CChar>) -> Int32).self)

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), likewise (nil before 2.34).
    private static let addCloseFrom = symbol(
        "posix_spawn_file_actions_addclosefrom_np", as: (@convention(c) (Actions, Int32) -> Int32).self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
