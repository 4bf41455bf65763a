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
    /// True when docker compose refuses the whole file for this line (it then starts nothing);
    /// false for a line compose reads, but perhaps not as its writer meant.
    public let refusedByCompose: Bool

    /// A warning about `line`; `reason` must not contain the value.
    public init(line: Int, key: String?, reason: String, refusedByCompose: Bool = false) {
        self.line = line
        self.key = key
        self.reason = reason
        self.refusedByCompose = refusedByCompose
    }

    public var description: String { "line \(line): \(reason)" }
}
