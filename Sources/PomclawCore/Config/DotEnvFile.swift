import Foundation

/// A `.env` file as a document: every statement the user or docker compose wrote — comments,
/// blank lines, `export`, quoted values, inline comments, duplicates, lines that do not parse —
/// is kept, so pomclaw can change the keys it manages and leave every other byte alone.
///
/// Values are read the way docker compose v2 reads them (see `DotEnvParser`); changed values
/// are written in a form that compose, python-dotenv and bash all read back identically (see
/// `DotEnvQuoting`). The document is a value: `setting` and `removing` return a new one.
public struct DotEnvFile: Sendable, Equatable {
    var entries: [DotEnvEntry]
    /// Whether the parsed text started with a UTF-8 byte order mark (dropped when rendering).
    public let hadByteOrderMark: Bool
    /// Statements that are not plain assignments, or that compose may read differently, found
    /// when the text was parsed. Line numbers refer to the parsed text.
    public let warnings: [DotEnvWarning]
    /// The line ending used for lines pomclaw adds: CRLF when the parsed text's first line
    /// ended in CRLF, else LF.
    public let lineEnding: String

    /// An empty document (what a missing file reads as).
    public init() {
        self.init(parsing: "")
    }

    /// Parses `text`; a leading byte order mark is noted and skipped.
    public init(parsing text: String) {
        var body = Substring(text)
        hadByteOrderMark = body.unicodeScalars.first == "\u{FEFF}"
        if hadByteOrderMark { body = Substring(body.unicodeScalars.dropFirst()) }
        let parsed = DotEnvParser.parse(String(body))
        entries = parsed.entries
        warnings = parsed.warnings
        lineEnding = entries.first(where: { !$0.ending.isEmpty })?.ending ?? "\n"
    }

    /// The effective values: for a key assigned more than once, the last assignment wins.
    public var values: [String: String] {
        var values: [String: String] = [:]
        for entry in entries {
            if let key = entry.key, let value = entry.value { values[key] = value }
        }
        return values
    }

    /// The document as text. Untouched statements come out byte for byte as they were parsed;
    /// a byte order mark is not written back, because bash and python-dotenv would read it as
    /// part of the first key (compose skips it).
    public var rendered: String {
        entries.map { $0.text + $0.ending }.joined()
    }

    /// `rendered` as UTF-8 bytes.
    public var data: Data { Data(rendered.utf8) }

    /// A copy with `key` set to `value`.
    ///
    /// An existing assignment is rewritten in place (the last one when the key is assigned
    /// several times; the earlier ones are removed so the file is unambiguous), keeping its
    /// `export` and inline comment; if the key already has exactly this value in a single
    /// assignment (and, when the value holds a `$`, in pomclaw's own quoting, since compose
    /// would substitute an unquoted one), the document is returned unchanged. A new key is
    /// appended at the end, with `comment` (if given) as a `# ` line above it, separated from
    /// earlier content by a blank line.
    ///
    /// - Throws: `PomclawError` naming the key when it is not a shell variable name, when the
    ///   value cannot be written so that compose, python-dotenv and bash agree, or when the
    ///   comment holds control characters.
    public func setting(_ key: String, _ value: String, comment: String? = nil) throws -> DotEnvFile {
        let updated = try applying(key, value, comment: comment)
        if updated != self { try checkReadsBack(updated, key: key, value: value) }
        return updated
    }

    /// A quote left open on an earlier line (compose refuses such a file; pomclaw reads on)
    /// could close inside the text pomclaw writes and swallow it: the written text must read
    /// back with `key` = `value` and every other value as it was.
    private func checkReadsBack(_ updated: DotEnvFile, key: String, value: String) throws {
        var expected = values
        expected[key] = value
        guard DotEnvFile(parsing: updated.rendered).values != expected else { return }
        if let open = warnings.first(where: { $0.key != nil && $0.reason.contains("is not closed") }),
            let name = open.key
        {
            throw PomclawError(
                "pomclaw cannot write \(key) to .env: line \(open.line) opens a quoted value of \(name) that is never closed, and it would swallow the new text.",
                next: "Close or remove the quote on line \(open.line) of .env (docker compose refuses the file as it is), then run pomclaw again.")
        }
        throw PomclawError(
            "pomclaw cannot write \(key) to .env without changing how other lines read.",
            next: "Fix the lines of .env that pomclaw warned about, then run pomclaw again.")
    }

    private func applying(_ key: String, _ value: String, comment: String?) throws -> DotEnvFile {
        try Self.validate(key: key)
        let encoded = try DotEnvQuoting.encode(value, key: key)
        let matches = entries.indices.filter { entries[$0].key == key }
        var copy = self
        if let last = matches.last, case .assignment(_, _, let exported, let inline) = entries[last].kind {
            // An empty unquoted value followed by ` #` would make compose read the comment.
            let text = inline != nil && encoded.isEmpty ? "''" : encoded
            let line = (exported ? "export " : "") + "\(key)=\(text)" + (inline.map { " " + $0 } ?? "")
            // The user's own quoting is kept when it already reads as `value`; a `$` is only
            // trusted in pomclaw's own form, since compose may substitute it.
            let same = entries[last].value == value && (!value.contains("$") || entries[last].text == line)
            if matches.count == 1, same { return self }
            copy.entries[last].text = line
            copy.entries[last].kind = .assignment(
                key: key, value: value, exported: exported, inlineComment: inline)
            for index in matches.dropLast().reversed() { copy.entries.remove(at: index) }
            return copy
        }
        if let comment {
            try Self.validate(comment: comment, key: key)
            if let previous = copy.entries.last, previous.kind != .trivia || !previous.text.allSatisfy(\.isWhitespace) {
                copy.append(DotEnvEntry(kind: .trivia, text: "", ending: lineEnding))
            }
            copy.append(DotEnvEntry(kind: .trivia, text: "# \(comment)", ending: lineEnding))
        }
        copy.append(DotEnvEntry(
            kind: .assignment(key: key, value: value, exported: false, inlineComment: nil),
            text: "\(key)=\(encoded)", ending: lineEnding))
        return copy
    }

    /// A copy without any assignment of `key`; every other statement is kept.
    public func removing(_ key: String) -> DotEnvFile {
        var copy = self
        copy.entries.removeAll { $0.key == key }
        return copy
    }

    /// Appends a statement, first ending the last line if the text had no final line break.
    private mutating func append(_ entry: DotEnvEntry) {
        if let last = entries.indices.last, entries[last].ending.isEmpty {
            entries[last].ending = lineEnding
        }
        entries.append(entry)
    }

    /// Keys pomclaw writes must be names bash can assign: `[A-Za-z_][A-Za-z0-9_]*`.
    static func validate(key: String) throws {
        let scalars = Array(key.unicodeScalars)
        let valid = !scalars.isEmpty && scalars.allSatisfy { scalar in
            scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || ("0"..."9").contains(scalar)
        } && !("0"..."9").contains(scalars[0])
        guard valid else {
            throw PomclawError(
                "\"\(key)\" is not a valid .env variable name (letters, digits and _, not starting with a digit).",
                next: "This is a bug in pomclaw; please report it.")
        }
    }

    private static func validate(comment: String, key: String) throws {
        if comment.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PomclawError(
                "The comment for \(key) contains a line break or other control character.",
                next: "This is a bug in pomclaw; please report it.")
        }
    }
}
