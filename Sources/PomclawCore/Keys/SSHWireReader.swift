/// Reads SSH wire-format data (RFC 4251 §5). Every read checks the remaining length and
/// throws `SSHKeyFileError.truncated` naming the field, so a short buffer can never be read
/// past its end.
struct SSHWireReader {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset: Int = 0
    /// Which part of the file is being read, for error messages ("private section").
    let part: String

    init(_ bytes: [UInt8], part: String) {
        self.bytes = bytes
        self.part = part
    }

    /// True when every byte was consumed.
    var isAtEnd: Bool { offset == bytes.count }

    /// The unread bytes.
    var remaining: ArraySlice<UInt8> { bytes[offset...] }

    /// Reads `count` raw bytes.
    mutating func raw(_ count: Int, _ field: String) throws -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw SSHKeyFileError.truncated(field: "\(field) in the \(part)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a big-endian 32-bit unsigned integer.
    mutating func uint32(_ field: String) throws -> UInt32 {
        try raw(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Reads a length-prefixed byte string.
    mutating func string(_ field: String) throws -> [UInt8] {
        let length = try uint32("length of \(field)")
        guard Int(length) <= bytes.count - offset else {
            throw SSHKeyFileError.truncated(field: "\(field) in the \(part)")
        }
        return try raw(Int(length), field)
    }

    /// Reads a length-prefixed string that must be valid UTF-8 text.
    mutating func text(_ field: String) throws -> String {
        let data = try string(field)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SSHKeyFileError.malformed("the \(field) in the \(part) is not UTF-8 text")
        }
        return text
    }

    /// Reads a non-negative mpint and returns its big-endian magnitude without leading zeros.
    /// Negative values and non-minimal encodings are rejected, as OpenSSH does.
    mutating func mpint(_ field: String) throws -> [UInt8] {
        let data = try string(field)
        guard let first = data.first else { return [] }
        guard first & 0x80 == 0 else {
            throw SSHKeyFileError.malformed("the \(field) in the \(part) is negative")
        }
        if first == 0 {
            guard data.count > 1, data[1] & 0x80 != 0 else {
                throw SSHKeyFileError.malformed(
                    "the \(field) in the \(part) has a needless leading zero")
            }
            return Array(data.dropFirst())
        }
        return data
    }
}
