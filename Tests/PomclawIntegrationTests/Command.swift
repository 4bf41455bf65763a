import Foundation
import PomclawTestSupport

/// Runs a system tool with an argv array (never a shell string) and collects its output.
enum Command {
    typealias Result = ChildProcess.Result

    /// Runs `executable` (an absolute path) with `arguments`, stdin from /dev/null, without
    /// `SSH_AUTH_SOCK` so an agent of the person running the tests cannot take part; killed
    /// and reported after `timeout`.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) throws -> Result {
        try ChildProcess.run(
            [executable] + arguments,
            environment: ProcessInfo.processInfo.environment.filter { $0.key != "SSH_AUTH_SOCK" },
            timeout: timeout)
    }
}

/// The OpenSSH tools the integration tests talk to.
enum OpenSSH {
    static let keygen = "/usr/bin/ssh-keygen"
    static let client = "/usr/bin/ssh"
    static let keyscan = "/usr/bin/ssh-keyscan"
    static let daemon = "/usr/sbin/sshd"

    /// `ssh-keygen -y -f path`: the public key OpenSSH derives from a private key file.
    static func derivedPublicKey(_ path: String) throws -> String {
        let result = try Command.run(keygen, ["-y", "-f", path])
        guard result.status == 0 else {
            throw TestFailure("ssh-keygen -y failed for \(path): \(result.stderr)")
        }
        return result.stdout
    }

    /// `ssh-keygen -q -N "" -f path` with the extra `options` (type, size, comment).
    static func generate(_ path: String, _ options: [String]) throws {
        let result = try Command.run(keygen, ["-q", "-N", ""] + options + ["-f", path])
        guard result.status == 0 else { throw TestFailure("ssh-keygen failed: \(result.stderr)") }
    }
}

/// A failure of the test environment, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
