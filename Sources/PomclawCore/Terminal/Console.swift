/// How important a diagnostic line is; decides its prefix and colour.
public enum LogLevel: String, Sendable, Equatable {
    case info, success, warning, error
}

/// Why a prompt produced no answer.
public enum PromptError: Error, Sendable, Equatable {
    /// Standard input closed before a line was read.
    case endOfInput(question: String)
    /// There is no terminal to ask on.
    case notInteractive(question: String)
}

/// The user-facing side of a run: diagnostics and prompts on stderr, results on stdout.
public protocol Console: Sendable {
    /// True when prompts may be shown: stdin is a terminal and the run is not
    /// `--non-interactive`.
    var canPrompt: Bool { get }
    /// Writes one diagnostic line to stderr. Never pass secrets.
    func log(_ level: LogLevel, _ message: String)
    /// Writes one result line to stdout (plans, status tables, JSON).
    func output(_ line: String)
    /// Shows `question` and reads one line. With `secret`, typed characters are not echoed.
    /// Throws `PromptError.endOfInput` on EOF (never returns an empty string for it) and
    /// `PromptError.notInteractive` when `canPrompt` is false.
    func prompt(_ question: String, secret: Bool) throws -> String
}

extension Console {
    public func info(_ message: String) { log(.info, message) }
    public func success(_ message: String) { log(.success, message) }
    public func warn(_ message: String) { log(.warning, message) }
    public func error(_ message: String) { log(.error, message) }
}
