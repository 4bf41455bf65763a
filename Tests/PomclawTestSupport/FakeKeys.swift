import PomclawCore
import Synchronization
import Testing

/// A `KeyGenerating` that fails the test unless its handlers were set.
public final class FakeKeys: KeyGenerating, Sendable {
    public typealias Generate = @Sendable (SSHKeyAlgorithm, Int, String) throws -> SSHKeyPair
    public typealias Read = @Sendable (Secret) throws -> SSHKeyPair

    private let handlers: Mutex<(generate: Generate?, read: Read?)>

    public init(generate: Generate? = nil, read: Read? = nil) {
        handlers = Mutex((generate, read))
    }

    public func generate(_ algorithm: SSHKeyAlgorithm, bits: Int, comment: String) throws -> SSHKeyPair {
        guard let generate = handlers.withLock({ $0.generate }) else {
            Issue.record("FakeKeys: unexpected generate(\(algorithm))")
            throw UnstubbedCall(name: "KeyGenerating.generate")
        }
        return try generate(algorithm, bits, comment)
    }

    public func read(privateKeyFile: Secret) throws -> SSHKeyPair {
        guard let read = handlers.withLock({ $0.read }) else {
            Issue.record("FakeKeys: unexpected read")
            throw UnstubbedCall(name: "KeyGenerating.read")
        }
        return try read(privateKeyFile)
    }
}
