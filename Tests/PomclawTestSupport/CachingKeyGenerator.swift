import PomclawCore
import Synchronization

/// The real OpenSSL generator, except that `generate` hands out one key per
/// (type, size, comment) for the whole test process, so tests do not pay for RSA 3072
/// generation again and again. `read` is the real parser. `generated` counts calls.
public final class CachingKeyGenerator: KeyGenerating, Sendable {
    private static let cache = Mutex<[String: SSHKeyPair]>([:])
    private let calls = Mutex<[SSHKeyAlgorithm]>([])
    private let real = OpenSSLKeyGenerator()

    public init() {}

    /// The algorithms `generate` was asked for through this instance, in order.
    public var generated: [SSHKeyAlgorithm] { calls.withLock { $0 } }

    public func generate(_ algorithm: SSHKeyAlgorithm, bits: Int, comment: String) throws -> SSHKeyPair {
        calls.withLock { $0.append(algorithm) }
        let key = "\(algorithm.rawValue)/\(bits)/\(comment)"
        if let pair = Self.cache.withLock({ $0[key] }) { return pair }
        let pair = try real.generate(algorithm, bits: bits, comment: comment)
        return Self.cache.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = pair
            return pair
        }
    }

    public func read(privateKeyFile: Secret) throws -> SSHKeyPair {
        try real.read(privateKeyFile: privateKeyFile)
    }
}
