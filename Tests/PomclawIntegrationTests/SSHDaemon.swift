import Foundation
import PomclawTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real OpenSSH server on 127.0.0.1 and a free port, accepting only certificates signed by
/// one User CA, for the length of a test. `stop()` must be called (use `defer`).
final class SSHDaemon {
    let port: UInt16
    let logPath: String
    private let pid: pid_t
    private var exited = false

    private init(port: UInt16, logPath: String, pid: pid_t) {
        self.port = port
        self.logPath = logPath
        self.pid = pid
    }

    /// The user the tests log in as: whoever runs them.
    static var currentUser: String { String(cString: getpwuid(geteuid()).pointee.pw_name) }

    /// Starts `/usr/sbin/sshd -D -e` with `hostKeys` and `TrustedUserCAKeys trustedCA`,
    /// retrying with another port if the chosen one was taken meanwhile; returns once the
    /// port accepts connections (at most 10 s per attempt).
    static func start(in directory: String, hostKeys: [String], trustedCA: String) throws -> SSHDaemon {
        // sshd's privilege separation directory; Debian creates it only from its service unit.
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(
                atPath: "/run/sshd", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
        }
        var lastLog = ""
        for attempt in 1...5 {
            let port = try LoopbackPort.free()
            let config = directory + "/sshd_config"
            let lines = ["Port \(port)", "ListenAddress 127.0.0.1"]
                + hostKeys.map { "HostKey \($0)" }
                + [
                    "TrustedUserCAKeys \(trustedCA)",
                    "PidFile \(directory)/sshd.pid",
                    "AuthorizedKeysFile none",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin \(geteuid() == 0 ? "prohibit-password" : "yes")",
                    "UsePAM no",
                    "LogLevel VERBOSE",
                ]
            try (lines.joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
            let logPath = directory + "/sshd-\(attempt).log"
            let pid = try spawn(
                [OpenSSH.daemon, "-D", "-e", "-f", config], output: logPath)
            let daemon = SSHDaemon(port: port, logPath: logPath, pid: pid)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, daemon.isRunning, !LoopbackPort.accepts(port) {
                usleep(50_000)
            }
            if daemon.isRunning, LoopbackPort.accepts(port) { return daemon }
            daemon.stop()
            lastLog = daemon.log
            guard lastLog.contains("Address already in use") else { break }
        }
        throw TestFailure("sshd did not start:\n\(lastLog)")
    }

    /// What sshd logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// False once sshd has exited (reaped here, or by anyone else).
    var isRunning: Bool {
        if exited { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 { return true }
        exited = true
        return false
    }

    /// Terminates sshd and waits for it (SIGKILL after 10 s).
    func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        _ = ChildProcess.reap(pid, within: .seconds(10))
        exited = true
    }

    /// Starts `argv` with stdin from /dev/null and stdout and stderr appended to `output`,
    /// with the default signal mask and actions like every test child, inheriting nothing else
    /// of this process.
    private static func spawn(_ argv: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try ChildProcess.closeInherited(&actions)
        return try ChildProcess.spawn(argv, environment: ProcessInfo.processInfo.environment, actions: &actions)
    }
}
