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
    /// Statements that are not plain assignments, or that compose refuses (its variable
    /// substitution included), found when the text was parsed. Line numbers refer to the
    /// parsed text.
    public let warnings: [DotEnvWarning]
    /// The line ending used for lines pomclaw adds: CRLF when the parsed text's first line
    /// ended in CRLF, else LF.
    public let lineEnding: String
    /// The environment compose substitutes from before the file's own earlier values (see
    /// `composeEnvironment`).
    public let environment: [String: String]

    /// An empty document (what a missing file reads as).
    public init() {
        self.init(parsing: "")
    }

    /// Parses `text`; a leading byte order mark is noted and skipped. `environment` is what
    /// docker compose would substitute variables from (by default what pomclaw hands it).
    public init(parsing text: String, environment: [String: String] = DotEnvFile.composeEnvironment) {
        var body = Substring(text)
        hadByteOrderMark = body.unicodeScalars.first == "\u{FEFF}"
        if hadByteOrderMark { body = Substring(body.unicodeScalars.dropFirst()) }
        let parsed = DotEnvParser.parse(String(body))
        entries = parsed.entries
        self.environment = environment
        warnings = parsed.warnings + Self.substituted(parsed.entries, environment).failures
        lineEnding = entries.first(where: { !$0.ending.isEmpty })?.ending ?? "\n"
    }

    /// The environment docker compose gets from pomclaw: this process's, without the settings
    /// pomclaw manages (`ComposeCLI.childEnvironment`).
    public static var composeEnvironment: [String: String] {
        ComposeCLI.childEnvironment(ProcessInfo.processInfo.environment)
    }

    /// The values docker compose reads, and so the values the containers get: for a key
    /// assigned more than once, the last assignment wins; unquoted and double-quoted values
    /// have their variables substituted (from `environment` first, then the file's earlier
    /// values); a key alone on its line takes its value from `environment`. Where compose
    /// refuses the file, each statement it could read still counts (a value whose
    /// substitution fails as written).
    public var values: [String: String] {
        Self.substituted(entries, environment).values
    }

    /// The values as written, before compose substitutes variables: what pomclaw read before
    /// it followed compose's substitution, and what the user typed.
    public var writtenValues: [String: String] {
        var values: [String: String] = [:]
        for entry in entries {
            if case .assignment(let key, let value, _, _) = entry.kind { values[key] = value }
        }
        return values
    }

    /// The first line that makes docker compose refuse the whole file, if any.
    public var refusal: DotEnvWarning? {
        warnings.first { $0.refusedByCompose }
    }

    /// Runs compose's substitution over the statements in order: the values, the lines whose
    /// substitution compose refuses, and, for each key whose last assignment compose reads as
    /// another value than the one written, that line.
    private static func substituted(_ entries: [DotEnvEntry], _ environment: [String: String])
        -> (values: [String: String], failures: [DotEnvWarning], differing: [String: DotEnvWarning])
    {
        var values: [String: String] = [:]
        var failures: [DotEnvWarning] = []
        var differing: [String: DotEnvWarning] = [:]
        var line = 1
        for (index, entry) in entries.enumerated() {
            defer { line += (entry.text + entry.ending).unicodeScalars.lazy.filter { $0 == "\n" }.count }
            switch entry.kind {
            case .assignment(let key, let value, _, _):
                differing[key] = nil
                if entry.ending.isEmpty, index < entries.count - 1 {
                    differing[key] = DotEnvWarning(line: line, key: key, reason:
                        "text follows the closing quote of \(key)'s value, and docker compose reads it as another statement")
                }
                guard let template = entry.substitution else {
                    values[key] = value
                    continue
                }
                do {
                    let read = try ComposeTemplate.substitute(template) { environment[$0] ?? values[$0] }
                    values[key] = read
                    if read != value {
                        differing[key] = DotEnvWarning(line: line, key: key, reason:
                            "docker compose substitutes variables at the `$` in the value of \(key), so the containers get another value than the one written")
                    }
                } catch {
                    values[key] = value
                    let why = error == .invalid
                        ? "a `${` that docker compose cannot read in the value of \(key)"
                        : "the value of \(key) requires a variable that is not set"
                    failures.append(DotEnvWarning(line: line, key: key, reason: why, refusedByCompose: true))
                }
            case .inherited(let key):
                differing[key] = nil
                if let value = environment[key] ?? values[key] { values[key] = value }
            case .trivia, .unparsed:
                continue
            }
        }
        return (values, failures, differing)
    }

    /// The keys among `keys` whose last assignment compose reads as another value than the one
    /// written (a `$` it substitutes, or text after the closing quote that it reads as another
    /// statement), each with its line: pomclaw takes no such value as an input, since it
    /// cannot tell which of the two was meant.
    public func readDifferently(_ keys: [String]) -> [DotEnvWarning] {
        let differing = Self.substituted(entries, environment).differing
        return keys.compactMap { differing[$0] }
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
        guard DotEnvFile(parsing: updated.rendered, environment: environment).values != expected else { return }
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
        if let last = matches.last {
            var exported = false
            var inline: String?
            if case .assignment(_, _, let wasExported, let comment) = entries[last].kind {
                exported = wasExported
                inline = comment
            }
            // An empty unquoted value followed by ` #` would make compose read the comment, and
            // an unquoted one followed by another statement on its line would run into it.
            let followed = entries[last].ending.isEmpty && last < entries.count - 1
            let quoted = encoded.hasPrefix("'") || encoded.hasPrefix("\"")
            let text = followed && !quoted ? "'\(encoded)'" : inline != nil && encoded.isEmpty ? "''" : encoded
            let line = (exported ? "export " : "") + "\(key)=\(text)" + (inline.map { " " + $0 } ?? "")
            // The user's own quoting is kept when it already reads as `value`; a `$` is only
            // trusted in pomclaw's own form, since compose may substitute it.
            let same = entries[last].value == value && (!value.contains("$") || entries[last].text == line)
            if matches.count == 1, same { return self }
            copy.entries[last].text = line
            copy.entries[last].kind = .assignment(
                key: key, value: value, exported: exported, inlineComment: inline)
            copy.entries[last].substitution = nil
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
