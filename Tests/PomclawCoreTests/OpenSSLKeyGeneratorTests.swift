import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct OpenSSLKeyGeneratorTests {
    let generator = OpenSSLKeyGenerator()

    @Test(arguments: [(SSHKeyAlgorithm.ed25519, 256), (.ecdsaP256, 256), (.rsa, 2048)])
    func generatesAKeyThatReadsBackIdentically(algorithm: SSHKeyAlgorithm, bits: Int) throws {
        let pair = try generator.generate(algorithm, bits: bits, comment: "gen test")
        #expect(pair.algorithm == algorithm)
        #expect(pair.bits == bits)
        #expect(pair.publicKeyLine.hasPrefix(algorithm.sshName + " "))
        #expect(pair.publicKeyLine.hasSuffix(" gen test\n"))
        #expect(pair.privateKeyFile.value.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
        let read = try generator.read(privateKeyFile: pair.privateKeyFile)
        #expect(read == pair)
    }

    @Test func generatesRSA3072() throws {
        let pair = try CachingKeyGenerator().generate(.rsa, bits: 3072, comment: "material")
        #expect(pair.bits == 3072)
        guard case .rsa(let n, let e, _, _, _, _) = try OpenSSHPrivateKeyFile.decode(
            pair.privateKeyFile.value).key
        else {
            Issue.record("not RSA")
            return
        }
        #expect(n.count == 384)
        #expect(e == [1, 0, 1])
    }

    @Test func generatesDifferentKeysEachTime() throws {
        let first = try generator.generate(.ed25519, bits: 256, comment: "")
        let second = try generator.generate(.ed25519, bits: 256, comment: "")
        #expect(first.publicKeyLine != second.publicKeyLine)
        #expect(!first.publicKeyLine.hasSuffix(" \n"))
    }

    @Test func refusesUnreasonableRSASizes() {
        #expect(throws: PomclawError.self) { try generator.generate(.rsa, bits: 1024, comment: "") }
    }

    @Test func readRejectsAnEd25519KeyWhosePublicHalfBelongsToAnotherKey() throws {
        guard case .ed25519(_, let seed) = try TestKeyMaterial.of(.ed25519),
            case .ed25519(let otherPublic, _) = try TestKeyMaterial.of(.ed25519, comment: "other")
        else { Issue.record("not ed25519"); return }
        let forged = OpenSSHPrivateKeyFile.encode(.ed25519(publicKey: otherPublic, seed: seed), comment: "")
        #expect(throws: SSHKeyFileError.inconsistentKey(
            "the Ed25519 public key does not belong to the private key")) {
            try generator.read(privateKeyFile: Secret(forged))
        }
    }

    @Test func readRejectsAnECDSAKeyWhosePointBelongsToAnotherKey() throws {
        guard case .ecdsaP256(_, let scalar) = try TestKeyMaterial.of(.ecdsaP256),
            case .ecdsaP256(let otherPoint, _) = try TestKeyMaterial.of(.ecdsaP256, comment: "other")
        else { Issue.record("not ECDSA"); return }
        let forged = OpenSSHPrivateKeyFile.encode(.ecdsaP256(publicPoint: otherPoint, scalar: scalar), comment: "")
        #expect(throws: SSHKeyFileError.inconsistentKey(
            "the ECDSA public point does not belong to the private scalar")) {
            try generator.read(privateKeyFile: Secret(forged))
        }
        var offCurve = otherPoint
        offCurve[64] ^= 1
        let bad = OpenSSHPrivateKeyFile.encode(.ecdsaP256(publicPoint: offCurve, scalar: scalar), comment: "")
        #expect(throws: SSHKeyFileError.inconsistentKey("the ECDSA public point is not on the P-256 curve")) {
            try generator.read(privateKeyFile: Secret(bad))
        }
    }

    @Test func readRejectsInconsistentRSANumbers() throws {
        guard case .rsa(let n, let e, let d, let iqmp, let p, let q) = try TestKeyMaterial.of(.rsa)
        else { Issue.record("not RSA"); return }
        var otherN = n
        otherN[otherN.count - 1] ^= 2
        var otherD = d
        otherD[otherD.count - 1] ^= 2
        var otherIQMP = iqmp
        otherIQMP[otherIQMP.count - 1] ^= 2
        let cases: [(SSHKeyMaterial, String)] = [
            (.rsa(n: otherN, e: e, d: d, iqmp: iqmp, p: p, q: q), "the RSA modulus is not the product of its primes"),
            (.rsa(n: n, e: e, d: otherD, iqmp: iqmp, p: p, q: q), "the RSA private exponent does not match the public exponent"),
            (.rsa(n: n, e: e, d: d, iqmp: otherIQMP, p: p, q: q), "the RSA coefficient is wrong"),
        ]
        for (key, reason) in cases {
            let text = OpenSSHPrivateKeyFile.encode(key, comment: "")
            #expect(throws: SSHKeyFileError.inconsistentKey(reason)) {
                try generator.read(privateKeyFile: Secret(text))
            }
        }
    }

    @Test func readKeepsTheCommentAndDerivesThePublicLine() throws {
        let key = try TestKeyMaterial.of(.ecdsaP256)
        let pair = try generator.read(privateKeyFile: Secret(
            OpenSSHPrivateKeyFile.encode(key, comment: "alice@host")))
        #expect(pair.publicKeyLine == "ecdsa-sha2-nistp256 \(Data(key.publicBlob).base64EncodedString()) alice@host\n")
        #expect(pair.bits == 256)
    }

    @Test(arguments: SSHKeyAlgorithm.allCases)
    func wipingMaterialZerosThePrivateNumbersInPlace(algorithm: SSHKeyAlgorithm) throws {
        let key = try OpenSSLKey.generate(algorithm, bits: 2048)
        var material = try key.material(algorithm)
        let shared = material
        material.wipe()
        #expect(material == .ed25519(publicKey: [], seed: []))
        let secrets: [[UInt8]]
        switch shared {
        case .ed25519(let publicKey, let seed):
            secrets = [seed]
            #expect(publicKey.contains { $0 != 0 })
        case .rsa(let n, _, let d, let iqmp, let p, let q):
            secrets = [d, iqmp, p, q]
            #expect(n.contains { $0 != 0 })
        case .ecdsaP256(_, let scalar):
            secrets = [scalar]
        }
        for secret in secrets {
            #expect(!secret.isEmpty)
            #expect(secret.allSatisfy { $0 == 0 })
        }
    }
}
