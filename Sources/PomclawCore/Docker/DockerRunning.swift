import Foundation

/// The Docker port: runs one `docker` or compose invocation, given as argv values, never as a
/// shell string.
///
/// The real adaptor (`ComposeCLI`) finds `docker compose`, else `docker-compose`, runs in the
/// install directory and hands children an environment without pomclaw's secrets. Tests use a
/// fake that records every command and fails on any it was not told to expect.
public protocol DockerRunning: Sendable {
    /// Runs `command` to completion and returns its exit status and output, whatever the
    /// status: callers decide which statuses are failures (an OpenClaw "Config path not found"
    /// exits 1 and means "unset"). When `onLine` is given, each line of output (stdout and
    /// stderr) is passed to it as it arrives, for progress. Throws `DockerError.unavailable`
    /// when the tool itself cannot be started, and `CancellationError` when cancelled (the
    /// child is stopped).
    func run(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)?) async throws -> DockerResult
}

extension DockerRunning {
    /// Runs `command` without progress output.
    public func run(_ command: DockerCommand) async throws -> DockerResult {
        try await run(command, onLine: nil)
    }

    /// Runs `command` and returns its stdout; any status but 0 throws `DockerError.failed`
    /// with the status and the tail of stderr.
    @discardableResult
    public func output(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)? = nil) async throws -> String {
        let result = try await run(command, onLine: onLine)
        guard result.status == 0 else { throw DockerError.failed(command, result) }
        return result.stdout
    }
}

/// What a finished docker invocation returned.
public struct DockerResult: Sendable, Equatable {
    /// The exit status; 128 + the signal number when the child was killed by a signal.
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32 = 0, stdout: String = "", stderr: String = "") {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The last `count` non-empty lines of stderr (or stdout when stderr is empty), with ANSI
    /// escapes removed: what an error report shows.
    public func tail(_ count: Int = 10) -> [String] {
        let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? stdout : stderr
        let lines = ANSI.strip(text).split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Array(lines.suffix(count))
    }
}

/// A Docker call that failed, with what the user can do about it.
public enum DockerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command ran and exited with a non-zero status.
    case failed(DockerCommand, DockerResult)
    /// Docker or Compose is not installed or cannot be started; the text names what is missing.
    case unavailable(String)

    public var description: String { error.description }

    /// The user-facing form: what ran, its status and stderr tail, and the next action.
    public var error: PomclawError {
        switch self {
        case .failed(let command, let result):
            let tail = result.tail()
            let output = tail.isEmpty ? " with no output" : ":\n" + tail.map { "  " + $0 }.joined(separator: "\n")
            return PomclawError(
                "`\(command.display)` exited with status \(result.status)\(output)",
                next: command.nextAction)
        case .unavailable(let what):
            return PomclawError(
                what,
                next: "Install Docker Engine with the Compose plugin (Debian/Ubuntu: "
                    + "sudo apt-get install docker.io docker-compose), start it, and re-run pomclaw.")
        }
    }
}

/// Removes ANSI escape sequences (colors, cursor movement) from tool output.
public enum ANSI {
    public static func strip(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\u{1B}" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            // CSI: ESC [ params final(0x40-0x7E); other escapes: ESC + one character.
            guard let next = iterator.next() else { break }
            if next == "[" {
                while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
            } else if next == "]" {
                // OSC: until BEL or ESC \.
                while let c = iterator.next(), c != "\u{07}", c != "\u{1B}" {}
            }
        }
        return result
    }
}
