/// An error the user can act on: what happened, and the one next thing to do.
///
/// Every error pomclaw shows is rendered through this shape. Messages never contain secrets:
/// callers pass names of values, never the values themselves.
public struct PomclawError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened, in one or a few lines.
    public var message: String
    /// The one next thing the user should do; empty when there is nothing to suggest.
    public var nextAction: String

    public init(_ message: String, next nextAction: String = "") {
        self.message = message
        self.nextAction = nextAction
    }

    public var description: String {
        nextAction.isEmpty ? message : "\(message)\nNext: \(nextAction)"
    }
}

extension Error {
    /// The text shown to a user for any error: a `PomclawError` renders its next action, other
    /// errors their description.
    public var userMessage: String {
        if let error = self as? PomclawError { return error.description }
        return String(describing: self)
    }
}
