/// Reads `.env` text statement by statement the way docker compose v2 reads it (compose-go's
/// `dotenv` parser, reimplemented from its behaviour and test cases; see `DotEnvQuoting` for
/// the sources), keeping each statement's exact text.
///
/// Rules, as compose-go applies them:
/// - Whitespace (any Unicode space, line breaks included), blank lines and lines whose first
///   other character is `#` are skipped.
/// - An optional `export` followed by a space, tab, CR or form feed precedes the key; keys are
///   letters, digits and `_ . - [ ]`, spaces and tabs around them are dropped and a space
///   inside is refused; `=` or `:` separates the value. A key alone on its line takes its
///   value from compose's environment (`inherited`); text without `=` on the last line is
///   read as the value of an empty name.
/// - Unquoted values run to the end of the line; ` #` (a space, then `#`) starts an inline
///   comment; trailing whitespace (a CR included) is dropped.
/// - `'…'` is literal except that `\'` stands for `'`. In `"…"`, `\"` stands for `"` and
///   `\a \b \f \n \r \t \v \\ \$` and `\0` followed by three octal digits are escapes; any
///   other backslash is kept. Either kind of quote may span several lines; text after the
///   closing quote is read as further statements. A quote never closed is refused.
/// - Unquoted and double-quoted values then go through variable substitution
///   (`ComposeTemplate`), done by `DotEnvFile` since it needs the environment.
///
/// compose refuses the whole file on the first statement it cannot read; pomclaw keeps such a
/// statement as it is, reports it (`DotEnvWarning.refusedByCompose`) and reads on from the
/// next line, so it can still edit its own keys.
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
        while p < contentEnd, scalars[p].properties.isWhitespace { p += 1 }
        if p == contentEnd || scalars[p] == "#" {
            return finish(.trivia, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
        }
        var exported = false
        if startsWithExport(at: p, lineEnd: lineEnd) {
            exported = true
            p += 6
            skipBlanks(&p, until: contentEnd)
        }
        let keyStart = p
        while p < contentEnd, scalars[p] != "=", scalars[p] != ":" {
            guard Self.isBlank(scalars[p]) || Self.isKeyScalar(scalars[p]) else {
                let name = string(keyStart..<p).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
                return reject(name, "unexpected character in a variable name", start, contentEnd, lineEnd)
            }
            p += 1
        }
        guard p < contentEnd else {
            guard lineEnd < scalars.count else {
                guard p > keyStart else {
                    return reject(nil, "`export` with nothing after it", start, contentEnd, lineEnd)
                }
                // The last line, without `=`: compose reads all of it as the value of an empty name.
                warnings.append(DotEnvWarning(
                    line: line, key: nil, reason: "no `=` on the last line; docker compose reads it as the value of an empty name"))
                return parseUnquoted(
                    key: "", exported: false, start: start, valueAt: keyStart, contentEnd: contentEnd, lineEnd: lineEnd)
            }
            // `KEY` alone: compose takes its value from the environment.
            let key = trimmedKey(keyStart..<p)
            if key.unicodeScalars.contains(" ") { return rejectSpace(in: key, start, contentEnd, lineEnd) }
            return finish(.inherited(key: key), from: start, contentEnd: contentEnd, lineEnd: lineEnd)
        }
        let key = trimmedKey(keyStart..<p)
        if key.unicodeScalars.contains(" ") { return rejectSpace(in: key, start, contentEnd, lineEnd) }
        if key.isEmpty {
            warnings.append(DotEnvWarning(line: line, key: nil, reason: "no variable name before `\(scalars[p])`"))
        }
        p += 1
        skipBlanks(&p, until: contentEnd)
        if p < contentEnd, scalars[p] == "'" || scalars[p] == "\"" {
            parseQuoted(key: key, exported: exported, start: start, quoteAt: p, lineEnd: lineEnd)
        } else {
            parseUnquoted(key: key, exported: exported, start: start, valueAt: p, contentEnd: contentEnd, lineEnd: lineEnd)
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
        var entry = DotEnvEntry(
            kind: .assignment(key: key, value: value, exported: exported, inlineComment: comment), text: "", ending: "")
        if value.unicodeScalars.contains("$") { entry.substitution = value }
        finish(entry, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
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
            return reject(key, "the quoted value of \(key) is not closed", start, contentEnd, firstLineEnd)
        }
        let (contentEnd, lineEnd) = bounds(ofLineAt: close)
        var p = close + 1
        while p < contentEnd, scalars[p].properties.isWhitespace { p += 1 }
        var comment: String?
        var entryEnd = contentEnd
        if p < contentEnd {
            if scalars[p] == "#" {
                comment = string(p..<contentEnd)
            } else {
                // compose reads what follows the closing quote as further statements.
                entryEnd = close + 1
            }
        }
        var entry = DotEnvEntry(
            kind: .assignment(key: key, value: String(String.UnicodeScalarView(chars)), exported: exported, inlineComment: comment),
            text: "", ending: "")
        if quote == "\"" {
            let (literal, template) = Self.expandEscapes(chars)
            entry.kind = .assignment(key: key, value: literal, exported: exported, inlineComment: comment)
            if literal.unicodeScalars.contains("$") { entry.substitution = template }
        }
        if entryEnd < contentEnd {
            entries.append(DotEnvEntry(kind: entry.kind, text: string(start..<entryEnd), ending: "", substitution: entry.substitution))
            line += scalars[start..<entryEnd].lazy.filter { $0 == "\n" }.count
            position = entryEnd
            return
        }
        finish(entry, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    /// compose-go's escapes inside double quotes: the value as written (`\$` a literal `$`)
    /// and the text compose substitutes in (`\$` becomes `$$`, which substitution turns into
    /// `$`).
    static func expandEscapes(_ chars: [Unicode.Scalar]) -> (literal: String, template: String) {
        var literal = String.UnicodeScalarView()
        var template = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            guard c == "\\", i < chars.count else {
                literal.append(c)
                template.append(c)
                continue
            }
            if chars[i] == "$" {
                literal.append("$")
                template.append(contentsOf: "$$".unicodeScalars)
                i += 1
            } else if let replacement = simpleEscapes[chars[i]] {
                literal.append(replacement)
                template.append(replacement)
                i += 1
            } else if chars[i] == "0" {
                // compose-go takes `\0` and up to three digits; three octal digits up to 255
                // are that byte, anything else is kept without its `0` (it rewrites `\0` to
                // `\` before Go's UnquoteChar refuses the rest).
                var digits = i + 1
                while digits < chars.count, digits < i + 4, ("0"..."9").contains(chars[digits]) { digits += 1 }
                let kept = [c] + chars[(i + 1)..<digits]
                let octal = digits == i + 4 ? octalByte(chars, i + 1) : nil
                literal.append(contentsOf: octal.map { [$0] } ?? kept)
                template.append(contentsOf: octal.map { [$0] } ?? kept)
                i = digits
            } else {
                literal.append(c)
                template.append(c)
            }
        }
        return (String(literal), String(template))
    }

    /// compose-go's one-letter escapes in double quotes.
    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
        "v": "\u{0B}", "\\": "\\", "\"": "\"",
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
        finish(DotEnvEntry(kind: kind, text: "", ending: ""), from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    private mutating func finish(_ entry: DotEnvEntry, from start: Int, contentEnd: Int, lineEnd: Int) {
        var entry = entry
        entry.text = string(start..<contentEnd)
        entry.ending = lineEnd == scalars.count ? "" : contentEnd < lineEnd ? "\r\n" : "\n"
        entries.append(entry)
        position = min(lineEnd + 1, scalars.count)
        line += scalars[start..<position].lazy.filter { $0 == "\n" }.count
    }

    private mutating func reject(
        _ key: String?, _ reason: String, _ start: Int, _ contentEnd: Int, _ lineEnd: Int
    ) {
        warnings.append(DotEnvWarning(line: line, key: key, reason: reason, refusedByCompose: true))
        finish(.unparsed, from: start, contentEnd: contentEnd, lineEnd: lineEnd)
    }

    private mutating func rejectSpace(in key: String, _ start: Int, _ contentEnd: Int, _ lineEnd: Int) {
        reject(key.split(separator: " ").first.map(String.init), "a variable name with a space in it", start, contentEnd, lineEnd)
    }

    /// For the physical line containing `index`: where its content ends (before a CR of a CRLF
    /// ending) and where it ends (the index of its `\n`, or the end of the text).
    private func bounds(ofLineAt index: Int) -> (contentEnd: Int, lineEnd: Int) {
        var end = index
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        let crlf = end < scalars.count && end > index && scalars[end - 1] == "\r"
        return (crlf ? end - 1 : end, end)
    }

    /// `export` followed by one of the characters of RE2's `\s` (space, tab, CR, LF, FF).
    private func startsWithExport(at p: Int, lineEnd: Int) -> Bool {
        let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
        guard p + 6 < scalars.count, Array(scalars[p..<(p + 6)]) == word else { return false }
        return [" ", "\t", "\r", "\n", "\u{0C}"].contains(scalars[p + 6])
    }

    private func skipBlanks(_ p: inout Int, until end: Int) {
        while p < end, Self.isBlank(scalars[p]) { p += 1 }
    }

    /// The key as compose keeps it: its text without trailing whitespace.
    private func trimmedKey(_ range: Range<Int>) -> String {
        var end = range.upperBound
        while end > range.lowerBound, scalars[end - 1].properties.isWhitespace { end -= 1 }
        return string(range.lowerBound..<end)
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
