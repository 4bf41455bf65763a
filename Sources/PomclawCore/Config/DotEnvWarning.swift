/// A line of a `.env` file that pomclaw could not read as an assignment, or read differently
/// from docker compose. It names the line and, where known, the key; never a value, since a
/// `.env` holds tokens.
public struct DotEnvWarning: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based number of the first physical line the warning is about, counted in the
    /// text as it was parsed.
    public let line: Int
    /// The variable name, when the line got as far as naming one.
    public let key: String?
    /// What is wrong, without the value.
    public let reason: String

    /// A warning about `line`; `reason` must not contain the value.
    public init(line: Int, key: String?, reason: String) {
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
