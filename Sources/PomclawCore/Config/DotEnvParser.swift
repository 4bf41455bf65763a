/// Reads `.env` text statement by statement the way docker compose v2 reads it (compose-go's
/// `dotenv` parser; see `DotEnvQuoting` for the sources), keeping each statement's exact text.
///
/// Rules, as compose-go applies them:
/// - Leading whitespace, blank lines and lines starting with `#` are skipped.
/// - An optional `export` followed by whitespace precedes the key; keys are letters, digits
///   and `_ . - [ ]`; whitespace may surround `=`.
/// - Unquoted values run to the end of the line; ` #` (a space, then `#`) starts an inline
///   comment; trailing whitespace (a CR included) is dropped.
/// - `'…'` is literal except that `\'` stands for `'`. In `"…"`, `\"` stands for `"` and
///   `\a \b \f \n \r \t \v \\ \$` and `\0` followed by three octal digits are escapes; any
///   other backslash is kept. Either kind of quote may span several lines.
/// - Unquoted and double-quoted values are subject to `$VAR` substitution in compose; pomclaw
///   reads them literally and warns when a `$` is there, naming the key and line.
///
/// Unlike compose, which rejects the whole file, a statement that does not parse is kept as it
/// is and reported, and parsing resumes on the next line.
struct DotEnvParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var entries: [DotEnvEntry] = []
    private var warnings: [DotEnvWarning] = []

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Splits `text` (without a byte order mark) into statements, with warnings for the ones
    /// that are not plain assignments.
    static func parse(_ text: String) -> (entries: [DotEnvEntry], warnings: [DotEnvWarning]) {
        var parser = DotEnvParser(text)
        while parser.position < parser.scalars.count {
            parser.parseStatement()
        }
        return (parser.entries, parser.warnings)
    }

    // MARK: - Statements

    private mutating func parseStatement() {
        let start = position
        let (contentEnd, lineEnd) = bounds(ofLineAt: start)
        var p = start
        skipBlanks(&p, until: contentEnd)
        if p == contentEnd || scalars[p] == "#" {
            return finish(.trivia, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
        }
        var exported = false
        if startsWithExport(at: p, until: contentEnd) {
            exported = true
            p += 6
            skipBlanks(&p, until: contentEnd)
        }
        let keyStart = p
        while p < contentEnd, Self.isKeyScalar(scalars[p]) { p += 1 }
        guard p > keyStart else {
            return reject(nil, "not a KEY=value assignment; kept as it is", start, contentEnd, lineEnd)
        }
        let key = string(keyStart..<p)
        skipBlanks(&p, until: contentEnd)
        guard p < contentEnd, scalars[p] == "=" else {
            let reason = p == contentEnd
                ? "\(key) has no `=`; kept as it is" : "\(key) is not followed by `=`; kept as it is"
            return reject(key, reason, start, contentEnd, lineEnd)
        }
        p += 1
        skipBlanks(&p, until: contentEnd)
        if p < contentEnd, scalars[p] == "'" || scalars[p] == "\"" {
            parseQuoted(key: key, exported: exported, start: start, quoteAt: p, lineEnd: lineEnd)
        } else {
            parseUnquoted(key: key, exported: exported, start: start, valueAt: p,
                contentEnd: contentEnd, lineEnd: lineEnd)
        }
    }

    private mutating func parseUnquoted(
        key: String, exported: Bool, start: Int, valueAt p: Int, contentEnd: Int, lineEnd: Int
    ) {
        var valueEnd = contentEnd
        var comment: String?
        if p < contentEnd {
            for i in (p + 1)..<contentEnd where scalars[i] == "#" && scalars[i - 1] == " " {
                valueEnd = i - 1
                comment = string(i..<contentEnd)
                break
            }
        }
        while valueEnd > p, scalars[valueEnd - 1].properties.isWhitespace { valueEnd -= 1 }
        let value = string(p..<valueEnd)
        if value.unicodeScalars.contains("$") { warnSubstitution(key) }
        finish(.assignment(key: key, value: value, exported: exported, inlineComment: comment),
            from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    private mutating func parseQuoted(
        key: String, exported: Bool, start: Int, quoteAt: Int, lineEnd firstLineEnd: Int
    ) {
        let quote = scalars[quoteAt]
        var chars: [Unicode.Scalar] = []
        var escaped = false
        var close: Int?
        var i = quoteAt + 1
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if c == quote {
                if escaped {
                    escaped = false
                    chars.append(c)
                    continue
                }
                close = i - 1
                break
            }
            if !escaped, c == "\\" {
                escaped = true
                continue
            }
            if escaped {
                escaped = false
                chars.append("\\")
            }
            chars.append(c)
        }
        guard let close else {
            let (contentEnd, _) = bounds(ofLineAt: start)
            return reject(key, "the quoted value of \(key) is not closed; kept as it is",
                start, contentEnd, firstLineEnd)
        }
        let (contentEnd, lineEnd) = bounds(ofLineAt: close)
        var p = close + 1
        skipBlanks(&p, until: contentEnd)
        var comment: String?
        if p < contentEnd {
            guard scalars[p] == "#" else {
                return reject(key, "unexpected text after the quoted value of \(key); kept as it is",
                    start, contentEnd, lineEnd)
            }
            comment = string(p..<contentEnd)
        }
        var value = String(String.UnicodeScalarView(chars))
        if quote == "\"" {
            let (unescaped, substitutes) = Self.expandEscapes(chars)
            value = unescaped
            if substitutes { warnSubstitution(key) }
        }
        finish(.assignment(key: key, value: value, exported: exported, inlineComment: comment),
            from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    /// compose-go's escapes inside double quotes; also reports whether a `$` that compose
    /// would substitute remains (an escaped `\$` is a literal dollar sign).
    static func expandEscapes(_ chars: [Unicode.Scalar]) -> (String, Bool) {
        var out = String.UnicodeScalarView()
        var substitutes = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            if c == "$" { substitutes = true }
            guard c == "\\", i < chars.count else {
                out.append(c)
                continue
            }
            if let replacement = simpleEscapes[chars[i]] {
                out.append(replacement)
                i += 1
            } else if chars[i] == "0", let octal = octalByte(chars, i + 1) {
                out.append(octal)
                i += 4
            } else {
                out.append(c)
            }
        }
        return (String(out), substitutes)
    }

    /// compose-go's one-letter escapes in double quotes (`\$` becomes a literal `$`).
    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
        "v": "\u{0B}", "\\": "\\", "\"": "\"", "$": "$",
    ]

    /// Three octal digits at `index` encoding a value up to 255, as Go's `UnquoteChar` takes them.
    private static func octalByte(_ chars: [Unicode.Scalar], _ index: Int) -> Unicode.Scalar? {
        guard index + 3 <= chars.count else { return nil }
        var value: UInt32 = 0
        for digit in chars[index..<(index + 3)] {
            guard ("0"..."7").contains(digit) else { return nil }
            value = value * 8 + (digit.value - 48)
        }
        return value <= 255 ? Unicode.Scalar(value) : nil
    }

    // MARK: - Bookkeeping

    private mutating func finish(_ kind: DotEnvEntry.Kind, from start: Int, contentEnd: Int, lineEnd: Int) {
        let ending = lineEnd == scalars.count ? "" : contentEnd < lineEnd ? "\r\n" : "\n"
        entries.append(DotEnvEntry(kind: kind, text: string(start..<contentEnd), ending: ending))
        position = min(lineEnd + 1, scalars.count)
        line += scalars[start..<position].lazy.filter { $0 == "\n" }.count
    }

    private mutating func reject(
        _ key: String?, _ reason: String, _ start: Int, _ contentEnd: Int, _ lineEnd: Int
    ) {
        warnings.append(DotEnvWarning(line: line, key: key, reason: reason))
        finish(.unparsed, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    private mutating func warnSubstitution(_ key: String) {
        warnings.append(DotEnvWarning(line: line, key: key, reason:
            "the value of \(key) contains `$`; docker compose substitutes variables there, pomclaw reads it literally"))
    }

    /// For the physical line containing `index`: where its content ends (before a CR of a CRLF
    /// ending) and where it ends (the index of its `\n`, or the end of the text).
    private func bounds(ofLineAt index: Int) -> (contentEnd: Int, lineEnd: Int) {
        var end = index
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        let crlf = end < scalars.count && end > index && scalars[end - 1] == "\r"
        return (crlf ? end - 1 : end, end)
    }

    private func startsWithExport(at p: Int, until end: Int) -> Bool {
        let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
        guard p + 6 < end, Array(scalars[p..<(p + 6)]) == word else { return false }
        return Self.isBlank(scalars[p + 6])
    }

    private func skipBlanks(_ p: inout Int, until end: Int) {
        while p < end, Self.isBlank(scalars[p]) { p += 1 }
    }

    private func string(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    /// compose-go's `isSpace`: whitespace that is not a line break.
    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        ["\t", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}"].contains(c)
    }

    /// A character compose-go accepts in a variable name.
    static func isKeyScalar(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return ["_", ".", "-", "[", "]"].contains(c)
        }
    }
}
