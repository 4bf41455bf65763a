import Foundation
@testable import PomclawCore
import Testing

@Suite struct OpenSSHPrivateKeyFileTests {
    @Test(arguments: SSHKeyAlgorithm.allCases)
    func roundTripsEveryKeyType(algorithm: SSHKeyAlgorithm) throws {
        let key = try TestKeyMaterial.of(algorithm)
        let text = OpenSSHPrivateKeyFile.encode(key, comment: "round trip ✓", checkInt: 0xdead_beef)
        let decoded = try OpenSSHPrivateKeyFile.decode(text)
        #expect(decoded.key == key)
        #expect(decoded.comment == "round trip ✓")
        #expect(decoded.key.algorithm == algorithm)
        #expect(decoded.key.bits == (algorithm == .rsa ? 3072 : 256))
    }

    @Test func armoursAndWrapsLikeSSHKeygen() throws {
        let text = OpenSSHPrivateKeyFile.encode(try TestKeyMaterial.of(.rsa), comment: "c")
        #expect(text.hasSuffix("\n-----END OPENSSH PRIVATE KEY-----\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "-----BEGIN OPENSSH PRIVATE KEY-----")
        let body = lines.dropFirst().dropLast()
        #expect(body.count > 2)
        #expect(body.dropLast().allSatisfy { $0.count == 70 })
        #expect((1...70).contains(body.last?.count ?? 0))
    }

    @Test func writesTheUnencryptedContainerFieldByField() throws {
        let key = try TestKeyMaterial.of(.ed25519)
        let text = OpenSSHPrivateKeyFile.encode(key, comment: "abc", checkInt: 0x0102_0304)
        let body = text.split(separator: "\n").dropFirst().dropLast().joined()
        let binary = try #require(Data(base64Encoded: body)).map { $0 }
        // Same bytes as a file assembled field by field with OpenSSH's padding 1, 2, 3, ….
        let expected = RawKeyFile(key, comment: "abc", checkInts: (0x0102_0304, 0x0102_0304))
        #expect(binary == expected.binary)
    }

    @Test func encodesFreshCheckIntsForEachFile() throws {
        let key = try TestKeyMaterial.of(.ed25519)
        let files = Set((0..<4).map { _ in OpenSSHPrivateKeyFile.encode(key, comment: "") })
        #expect(files.count > 1)
    }

    @Test func acceptsCRLFLinesOtherWrapWidthsAndSurroundingBlankLines() throws {
        let key = try TestKeyMaterial.of(.ecdsaP256)
        let raw = RawKeyFile(key, comment: "crlf").armoured
        let crlf = "\n\n" + raw.replacingOccurrences(of: "\n", with: "\r\n") + "\n"
        #expect(try OpenSSHPrivateKeyFile.decode(crlf).key == key)
    }

    @Test(arguments: [
        ("", SSHKeyFileError.notOpenSSHKey(found: "an empty file")),
        ("hello\n", .notOpenSSHKey(found: nil)),
        ("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
         .notOpenSSHKey(found: "a PEM private key")),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me\n", .notOpenSSHKey(found: "an SSH public key")),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n",
         .truncated(field: "base64 body (the END line is missing)")),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n", .invalidBase64),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn*zaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\n",
         .invalidBase64),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END OPENSSH PRIVATE KEY-----\n",
         .badMagic),
    ])
    func rejectsBadArmourAndBody(text: String, error: SSHKeyFileError) {
        #expect(throws: error) { try OpenSSHPrivateKeyFile.decode(text) }
    }

    @Test func rejectsAnEncryptedKeyAndSaysHowToDecryptIt() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.cipher = "aes256-ctr"
        raw.kdf = "bcrypt"
        raw.kdfOptions = [0, 0, 0, 16] + [UInt8](repeating: 1, count: 16) + [0, 0, 0, 16]
        #expect(throws: SSHKeyFileError.encrypted(cipher: "aes256-ctr")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
        let shown = SSHKeyFileError.encrypted(cipher: "aes256-ctr").pomclawError(path: "/i/keys/k")
        #expect(shown.message == "The key file /i/keys/k is protected with a passphrase (cipher aes256-ctr).")
        #expect(shown.nextAction.contains("ssh-keygen -p -f /i/keys/k"))
    }

    @Test func rejectsAKDFWithoutACipher() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.kdf = "bcrypt"
        #expect(throws: SSHKeyFileError.malformed("it names the KDF bcrypt but is not encrypted")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
    }

    @Test func rejectsAnythingButExactlyOneKey() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.count = 2
        #expect(throws: SSHKeyFileError.keyCount(2)) { try OpenSSHPrivateKeyFile.decode(raw.armoured) }
        raw.count = 0
        #expect(throws: SSHKeyFileError.keyCount(0)) { try OpenSSHPrivateKeyFile.decode(raw.armoured) }
    }

    @Test(arguments: SSHKeyAlgorithm.allCases)
    func rejectsTruncationAtEveryByte(algorithm: SSHKeyAlgorithm) throws {
        let binary = RawKeyFile(try TestKeyMaterial.of(algorithm)).binary
        for length in 0..<binary.count {
            let text = RawKeyFile.armour(Array(binary.prefix(length)))
            do {
                _ = try OpenSSHPrivateKeyFile.decode(text)
                Issue.record("a file cut to \(length) of \(binary.count) bytes was accepted")
            } catch let error as SSHKeyFileError {
                switch error {
                case .truncated: #expect(length >= OpenSSHPrivateKeyFile.magic.count)
                case .badMagic, .invalidBase64: #expect(length < OpenSSHPrivateKeyFile.magic.count)
                default: Issue.record("cut to \(length): unexpected \(error)")
                }
            }
        }
    }

    @Test func rejectsAPrivateSectionThatEndsInsideTheKey() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.section = Array(raw.section.prefix(8 + 4 + 11 + 4 + 10))
        #expect(throws: SSHKeyFileError.truncated(field: "Ed25519 public key in the private section")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
    }

    @Test func rejectsMismatchedCheckInts() throws {
        let raw = RawKeyFile(try TestKeyMaterial.of(.rsa), checkInts: (1, 2))
        #expect(throws: SSHKeyFileError.checkIntMismatch) { try OpenSSHPrivateKeyFile.decode(raw.armoured) }
    }

    @Test func rejectsAnOuterPublicKeyThatDiffersFromThePrivateSection() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.publicBlob = try TestKeyMaterial.of(.ed25519, comment: "other").publicBlob
        #expect(throws: SSHKeyFileError.publicKeyMismatch) { try OpenSSHPrivateKeyFile.decode(raw.armoured) }
    }

    @Test func rejectsBadPadding() throws {
        let key = try TestKeyMaterial.of(.ecdsaP256)
        // A comment length that leaves exactly 3 bytes of padding.
        let comment = try #require((0..<8).map { String(repeating: "c", count: $0) }.first {
            RawKeyFile(key, comment: $0, padding: []).section.count % 8 == 5
        })
        #expect(try OpenSSHPrivateKeyFile.decode(RawKeyFile(key, comment: comment).armoured).key == key)
        for padding: [UInt8] in [[1, 2, 4], [0, 0, 0], Array(1...11), [1, 2], []] {
            let raw = RawKeyFile(key, comment: comment, padding: padding)
            #expect(throws: SSHKeyFileError.badPadding, "padding \(padding)") {
                try OpenSSHPrivateKeyFile.decode(raw.armoured)
            }
        }
    }

    @Test func rejectsUnsupportedKeyTypes() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        var writer = SSHWireWriter()
        writer.uint32(5)
        writer.uint32(5)
        writer.string("ssh-dss")
        writer.raw([1, 2, 3, 4, 5, 6, 7])
        raw.section = writer.bytes
        #expect(throws: SSHKeyFileError.unsupportedKeyType("ssh-dss")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
    }

    @Test func rejectsExtraBytesAfterThePrivateSection() throws {
        var raw = RawKeyFile(try TestKeyMaterial.of(.ed25519))
        raw.trailing = [0]
        #expect(throws: SSHKeyFileError.malformed("there are extra bytes after the private section")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
    }

    @Test func rejectsAnEd25519PrivateKeyThatDoesNotEndWithItsPublicKey() throws {
        guard case .ed25519(let publicKey, let seed) = try TestKeyMaterial.of(.ed25519) else {
            Issue.record("not ed25519")
            return
        }
        var writer = SSHWireWriter()
        writer.uint32(1)
        writer.uint32(1)
        writer.string("ssh-ed25519")
        writer.string(publicKey)
        writer.string(seed + seed)
        writer.string("x")
        var raw = RawKeyFile(.ed25519(publicKey: publicKey, seed: seed))
        raw.section = writer.bytes + [1, 2, 3, 4, 5, 6, 7].prefix((8 - writer.bytes.count % 8) % 8)
        #expect(throws: SSHKeyFileError.inconsistentKey(
            "the Ed25519 private key does not end with its public key")) {
            try OpenSSHPrivateKeyFile.decode(raw.armoured)
        }
    }

    @Test func errorsNeverContainKeyMaterial() throws {
        let text = OpenSSHPrivateKeyFile.encode(try TestKeyMaterial.of(.ed25519), comment: "c")
        let body = text.split(separator: "\n")[1]
        let broken = text.replacingOccurrences(of: String(body), with: String(body.dropLast(3)) + "!!!")
        do {
            _ = try OpenSSHPrivateKeyFile.decode(broken)
            Issue.record("accepted a broken file")
        } catch let error as SSHKeyFileError {
            let shown = error.pomclawError(path: "/k").description
            #expect(!shown.contains(String(body.prefix(20))))
        }
    }
}
