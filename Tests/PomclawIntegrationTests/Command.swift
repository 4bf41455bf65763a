import Foundation

/// Runs a system tool with an argv array (never a shell string) and collects its output.
enum Command {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments`, stdin from /dev/null, without `SSH_AUTH_SOCK` so an
    /// agent of the person running the tests cannot take part.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "SSH_AUTH_SOCK" }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read stderr concurrently so neither pipe can fill up and stall the child.
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// Reads a pipe to its end on another thread.
    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
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
