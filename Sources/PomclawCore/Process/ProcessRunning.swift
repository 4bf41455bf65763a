import Foundation

/// The child-process port: runs one program from an argv array, never a shell string.
///
/// The real adaptor (`SpawnProcessRunner`) uses `posix_spawn`; tests of code above it use a
/// fake that records each request.
public protocol ProcessRunning: Sendable {
    /// Runs `request` to completion and returns its exit status and both outputs, whatever the
    /// status. When `onLine` is given, each line of stdout and of stderr (without its line
    /// ending) is passed to it as it arrives, in order within each stream, one call at a time.
    /// Throws `ProcessStartError` when the program cannot be started, and `CancellationError`
    /// when the task is cancelled: the child then gets SIGTERM, SIGKILL after a short grace,
    /// and is reaped before this returns.
    func run(_ request: ProcessRequest, onLine: (@Sendable (String) -> Void)?) async throws -> ProcessResult
}

/// One program to run: its argv, exact environment, working directory and stdin.
public struct ProcessRequest: Sendable, Equatable, CustomStringConvertible {
    /// The program and its arguments; `argv[0]` is the program's absolute path.
    public var argv: [String]
    /// The child's whole environment: nothing else is inherited.
    public var environment: [String: String]
    /// The child's working directory; nil keeps this process's.
    public var directory: String?
    /// Bytes written to the child's stdin, which is /dev/null when nil. May hold a secret, so
    /// it is never shown.
    public var input: Secret?

    public init(_ argv: [String], environment: [String: String], directory: String? = nil, input: Secret? = nil) {
        self.argv = argv
        self.environment = environment
        self.directory = directory
        self.input = input
    }

    /// The argv joined by spaces, for test failure messages; never the environment or stdin.
    public var description: String { argv.joined(separator: " ") }
}

/// What a finished child returned.
public struct ProcessResult: Sendable, Equatable {
    /// The exit status; 128 + the signal number when the child was killed by a signal.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Wall time from start to exit.
    public var duration: Duration

    public init(status: Int32 = 0, stdout: String = "", stderr: String = "", duration: Duration = .zero) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.duration = duration
    }
}

/// A program that could not be started at all (missing, not executable, bad directory).
public struct ProcessStartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program's path.
    public var program: String
    /// Why, in words (from the C library).
    public var reason: String

    public init(program: String, reason: String) {
        self.program = program
        self.reason = reason
    }

    public var description: String { "could not start \(program): \(reason)" }
}
