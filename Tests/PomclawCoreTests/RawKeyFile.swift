import Foundation
@testable import PomclawCore

/// An `openssh-key-v1` file assembled field by field, so tests can break any one field.
struct RawKeyFile {
    var magic = OpenSSHPrivateKeyFile.magic
    var cipher = "none"
    var kdf = "none"
    var kdfOptions: [UInt8] = []
    var count: UInt32 = 1
    var publicBlob: [UInt8]
    var section: [UInt8]
    var trailing: [UInt8] = []

    /// A valid file for `key`; `padding` nil means OpenSSH's 1, 2, 3, … up to a multiple of 8.
    init(
        _ key: SSHKeyMaterial, comment: String = "test", checkInts: (UInt32, UInt32) = (7, 7),
        padding: [UInt8]? = nil, sectionTail: [UInt8] = []
    ) {
        publicBlob = key.publicBlob
        var writer = SSHWireWriter()
        writer.uint32(checkInts.0)
        writer.uint32(checkInts.1)
        key.writePrivate(to: &writer)
        writer.string(comment)
        writer.raw(sectionTail)
        if let padding {
            writer.raw(padding)
        } else {
            var pad: UInt8 = 1
            while writer.bytes.count % 8 != 0 {
                writer.raw([pad])
                pad += 1
            }
        }
        section = writer.bytes
    }

    var binary: [UInt8] {
        var writer = SSHWireWriter()
        writer.raw(magic)
        writer.string(cipher)
        writer.string(kdf)
        writer.string(kdfOptions)
        writer.uint32(count)
        writer.string(publicBlob)
        writer.string(section)
        writer.raw(trailing)
        return writer.bytes
    }

    var armoured: String { Self.armour(binary) }

    static func armour(_ binary: [UInt8]) -> String {
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + Data(binary).base64EncodedString(options: .lineLength64Characters)
            + "\n-----END OPENSSH PRIVATE KEY-----\n"
    }
}
