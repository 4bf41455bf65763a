import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real OpenSSH server on 127.0.0.1 and a free port, accepting only certificates signed by
/// one User CA, for the length of a test. `stop()` must be called (use `defer`).
final class SSHDaemon {
    let port: UInt16
    let logPath: String
    private let process: Process

    private init(port: UInt16, logPath: String, process: Process) {
        self.port = port
        self.logPath = logPath
        self.process = process
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
            guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
                throw TestFailure("cannot create \(logPath)")
            }
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: OpenSSH.daemon)
            process.arguments = ["-D", "-e", "-f", config]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = log
            process.standardError = log
            try process.run()
            try log.close()
            let daemon = SSHDaemon(port: port, logPath: logPath, process: process)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, process.isRunning, !LoopbackPort.accepts(port) {
                usleep(50_000)
            }
            if process.isRunning, LoopbackPort.accepts(port) { return daemon }
            daemon.stop()
            lastLog = daemon.log
            guard lastLog.contains("Address already in use") else { break }
        }
        throw TestFailure("sshd did not start:\n\(lastLog)")
    }

    /// What sshd logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Terminates sshd and waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
