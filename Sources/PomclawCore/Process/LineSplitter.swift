/// Splits one output stream into lines as bytes arrive in chunks of any size.
///
/// Lines end at `\n`; a `\r` before it is dropped. Bytes are decoded as UTF-8 per line, so a
/// character split across chunks is kept whole. What remains at the end is a last line.
struct LineSplitter {
    private var pending: [UInt8] = []

    /// Feeds `bytes` and returns the lines they complete.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            pending.append(contentsOf: bytes[start..<index])
            lines.append(Self.line(pending))
            pending.removeAll(keepingCapacity: true)
            start = index + 1
        }
        pending.append(contentsOf: bytes[start..<bytes.endIndex])
        return lines
    }

    /// The unterminated last line, if any.
    mutating func finish() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : Self.line(pending)
    }

    private static func line(_ bytes: [UInt8]) -> String {
        let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
        return String(decoding: trimmed, as: UTF8.self)
    }
}
