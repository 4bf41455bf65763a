/// A secret value (a token or key text). It never renders itself: string interpolation,
/// `print`, `dump` and `String(describing:)` all show `<redacted>`, so a secret cannot reach a
/// log line or an error message by accident. Read `.value` only where the secret is used.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let value: String

    public init(_ value: String) { self.value = value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
