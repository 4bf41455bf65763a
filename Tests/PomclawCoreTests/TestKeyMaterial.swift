@testable import PomclawCore
import PomclawTestSupport

/// Real key material for format tests, generated once per process.
enum TestKeyMaterial {
    static func of(_ algorithm: SSHKeyAlgorithm, comment: String = "material") throws -> SSHKeyMaterial {
        let pair = try CachingKeyGenerator().generate(
            algorithm, bits: algorithm == .rsa ? 3072 : 256, comment: comment)
        return try OpenSSHPrivateKeyFile.decode(pair.privateKeyFile.value).key
    }
}
