import Foundation

/// Builds SSH wire-format data (RFC 4251 §5): `uint32`, `string` and `mpint`.
struct SSHWireWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    init() {}

    /// Appends a big-endian 32-bit unsigned integer.
    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ])
    }

    /// Appends a length-prefixed byte string.
    mutating func string<C: Collection>(_ value: C) where C.Element == UInt8 {
        uint32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a length-prefixed UTF-8 text string.
    mutating func string(_ value: String) {
        string(Array(value.utf8))
    }

    /// Appends a non-negative multiple-precision integer given as big-endian magnitude bytes:
    /// leading zero bytes are dropped, and a zero byte is prepended when the top bit is set so
    /// the value stays positive. Zero is the empty string.
    mutating func mpint(_ magnitude: [UInt8]) {
        let significant = magnitude.drop(while: { $0 == 0 })
        if let first = significant.first, first & 0x80 != 0 {
            uint32(UInt32(significant.count + 1))
            bytes.append(0)
            bytes.append(contentsOf: significant)
        } else {
            string(significant)
        }
    }

    /// Appends raw bytes without a length prefix.
    mutating func raw<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
    }

    /// Overwrites the buffer with zeros (for buffers that held private key material).
    mutating func wipe() {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
