/// Collects the header lines of the final HTTP response as libcurl reports them.
///
/// libcurl hands over every header line of every response it reads on the way — interim
/// `1xx` responses and a proxy's `CONNECT` answer included. A status line starts a new
/// response, so it discards what came before; only the last response's headers remain.
struct ResponseHeaderCollector {
    /// Header names lowercased; a repeated header keeps its last value.
    private(set) var headers: [String: String] = [:]

    /// Takes one raw header line (with or without its trailing CRLF).
    mutating func take(line raw: String) {
        if raw.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        // Obsolete line folding: a continuation of the previous header, ignored.
        if raw.hasPrefix(" ") || raw.hasPrefix("\t") { return }
        let line = raw.trimmingSuffix { $0.isNewline }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingWhitespace().lowercased()
        guard !name.isEmpty else { return }
        headers[name] = String(line[line.index(after: colon)...].trimmingWhitespace())
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }

    fileprivate func trimmingWhitespace() -> SubSequence {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = firstIndex { !isBlank($0) } ?? endIndex
        return self[start...].trimmingSuffix(while: isBlank)
    }
}
