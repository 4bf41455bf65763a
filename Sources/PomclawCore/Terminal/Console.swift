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
    /// True when lines may carry colours and a redrawn in-flight line: stderr is a terminal,
    /// `NO_COLOR` is unset and `--no-color` was not given. When false, every line is plain
    /// text without a single escape code.
    var decorated: Bool { get }
    /// Writes text of the run's own display (the step list, the closing summary) to stderr as
    /// it is, without the `[pomclaw]` prefix. Never pass secrets.
    func display(_ text: String)
    /// Shows what is in flight on a line redrawn in place (with a spinner), only when
    /// `decorated`; nil erases it. Any other line printed meanwhile erases it first and
    /// draws it again below.
    func activity(_ text: String?)
    /// A detail for the run log, shown on screen only with `--verbose` (Docker and Zero API
    /// calls, what a step is about to change). Never pass secrets.
    func detail(_ message: String)
}

extension Console {
    public var decorated: Bool { false }
    public func display(_ text: String) { log(.info, text) }
    public func activity(_ text: String?) {}
    public func detail(_ message: String) {}

    public func info(_ message: String) { log(.info, message) }
    public func success(_ message: String) { log(.success, message) }
    public func warn(_ message: String) { log(.warning, message) }
    public func error(_ message: String) { log(.error, message) }
}
