import Foundation

/// The unencrypted `openssh-key-v1` private key container (OpenSSH's PROTOCOL.key), armoured
/// the way `ssh-keygen` writes it: base64 wrapped at 70 columns between BEGIN and END lines.
enum OpenSSHPrivateKeyFile {
    static let beginLine = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let endLine = "-----END OPENSSH PRIVATE KEY-----"
    static let magic = Array("openssh-key-v1".utf8) + [0]
    /// The cipher block size OpenSSH pads to when the cipher is `none`.
    static let blockSize = 8
    /// `ssh-keygen` wraps the base64 body at this many columns.
    static let lineWidth = 70

    /// Encodes one key with its comment. `checkInt` is the random value OpenSSH repeats twice
    /// at the start of the private section.
    static func encode(
        _ key: SSHKeyMaterial, comment: String, checkInt: UInt32 = .random(in: .min ... .max)
    ) -> String {
        var section = SSHWireWriter()
        section.uint32(checkInt)
        section.uint32(checkInt)
        key.writePrivate(to: &section)
        section.string(comment)
        var pad: UInt8 = 1
        while section.bytes.count % blockSize != 0 {
            section.raw([pad])
            pad += 1
        }
        var file = SSHWireWriter()
        file.raw(magic)
        file.string("none")
        file.string("none")
        file.string([UInt8]())
        file.uint32(1)
        file.string(key.publicBlob)
        file.string(section.bytes)
        let body = Data(file.bytes).base64EncodedString()
        section.wipe()
        file.wipe()
        var lines = [beginLine]
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: lineWidth, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(String(body[start..<end]))
            start = end
        }
        lines.append(endLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Decodes and validates a private key file: armour, base64, magic, no encryption, exactly
    /// one key, matching check integers, matching public keys, well-formed fields and padding.
    static func decode(_ text: String) throws -> (key: SSHKeyMaterial, comment: String) {
        var binary = try unarmour(text)
        defer { for index in binary.indices { binary[index] = 0 } }
        guard binary.count >= magic.count, Array(binary[..<magic.count]) == magic else {
            throw SSHKeyFileError.badMagic
        }
        var outer = SSHWireReader(Array(binary[magic.count...]), part: "outer section")
        let cipher = try outer.text("cipher name")
        let kdf = try outer.text("KDF name")
        let kdfOptions = try outer.string("KDF options")
        guard cipher == "none" else { throw SSHKeyFileError.encrypted(cipher: cipher) }
        guard kdf == "none", kdfOptions.isEmpty else {
            throw SSHKeyFileError.malformed("it names the KDF \(kdf) but is not encrypted")
        }
        let count = try outer.uint32("key count")
        guard count == 1 else { throw SSHKeyFileError.keyCount(Int(count)) }
        let publicBlob = try outer.string("public key")
        var sectionBytes = try outer.string("private section")
        defer { for index in sectionBytes.indices { sectionBytes[index] = 0 } }
        guard outer.isAtEnd else {
            throw SSHKeyFileError.malformed("there are extra bytes after the private section")
        }
        var section = SSHWireReader(sectionBytes, part: "private section")
        let check1 = try section.uint32("first check integer")
        let check2 = try section.uint32("second check integer")
        guard check1 == check2 else { throw SSHKeyFileError.checkIntMismatch }
        let key = try SSHKeyMaterial.readPrivate(from: &section)
        let comment = try section.text("comment")
        guard publicBlob == key.publicBlob else { throw SSHKeyFileError.publicKeyMismatch }
        let padding = section.remaining
        guard sectionBytes.count % blockSize == 0, padding.count < blockSize,
            padding.enumerated().allSatisfy({ Int($0.element) == $0.offset + 1 })
        else { throw SSHKeyFileError.badPadding }
        return (key, comment)
    }

    /// The binary body between the armour lines.
    private static func unarmour(_ text: String) throws -> [UInt8] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, first == beginLine else {
            throw SSHKeyFileError.notOpenSSHKey(found: recognise(lines.first ?? ""))
        }
        guard lines.count >= 2, lines.last == endLine else {
            throw SSHKeyFileError.truncated(field: "base64 body (the END line is missing)")
        }
        let body = lines[1..<(lines.count - 1)].joined()
        guard !body.isEmpty, let data = Data(base64Encoded: body) else {
            throw SSHKeyFileError.invalidBase64
        }
        return Array(data)
    }

    /// What a file that is not an OpenSSH private key looks like, from its first line.
    private static func recognise(_ firstLine: String) -> String? {
        if firstLine.hasPrefix("-----BEGIN "), firstLine.contains("PRIVATE KEY") {
            return "a PEM private key"
        }
        if firstLine.hasPrefix("ssh-") || firstLine.hasPrefix("ecdsa-") {
            return "an SSH public key"
        }
        if firstLine.isEmpty { return "an empty file" }
        return nil
    }
}
