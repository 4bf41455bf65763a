import PomclawCore

/// What a fake throws (after recording a test issue) when code calls something the test did
/// not stub. Fakes fail loudly: an unexpected call is a test failure, never a silent default.
public struct UnstubbedCall: Error, CustomStringConvertible {
    public let name: String
    public init(name: String) { self.name = name }
    public var description: String { "unexpected call to \(name): the test did not stub it" }
}
