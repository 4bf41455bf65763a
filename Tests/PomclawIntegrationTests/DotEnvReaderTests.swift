import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// pomclaw's `.env` writer against the real readers of the file: bash (`set -a; . ./.env`) and
/// python-dotenv (`dotenv_values`, interpolation on, as users call it). Each must read exactly
/// the values pomclaw meant.
///
/// docker compose v2 is not among them: Debian bookworm's apt offers only `docker-compose`
/// 1.29.2 (the Python v1, a different parser), no `docker-compose-v2` or
/// `docker-compose-plugin`, and the `docker` CLI here has no compose plugin. compose-go's
/// rules are written down, with their sources, in `DotEnvQuoting` and `DotEnvParser`; pomclaw's
/// parser follows them, and `DotEnvQuotingTests.theCorpusRoundTripsThroughTheParser` checks
/// the corpus against it.
@Suite struct DotEnvReaderTests {
    /// Lines a user might have, in forms all three readers read alike.
    static let userLines = """
        # my own settings
        export USER_EXPORTED=1

        USER_SINGLE='two words # not a comment'
        USER_DOUBLE="say \\"hi\\" \\\\ back"
        USER_PLAIN=plain # a comment
        """

    static let userValues = [
        "USER_EXPORTED": "1", "USER_SINGLE": "two words # not a comment",
        "USER_DOUBLE": #"say "hi" \ back"#, "USER_PLAIN": "plain",
    ]

    /// Writes every writable corpus value with pomclaw's writer; returns the path and what each
    /// key must read as.
    static func writeCorpus(to directory: TemporaryDirectory) throws -> (String, [String: String]) {
        var file = DotEnvFile(parsing: userLines)
        var expected = userValues
        for (index, value) in DotEnvCorpus.values.enumerated() {
            let key = "PCT_\(index)"
            guard let updated = try? file.setting(key, value) else { continue }
            file = updated
            expected[key] = value
        }
        let path = directory.file(".env")
        try file.write(to: path)
        return (path, expected)
    }

    @Test func bashReadsExactlyWhatPomclawWrote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, expected) = try Self.writeCorpus(to: directory)
        let read = try Self.run(
            ["bash", "-c", Self.bashReader, "bash", path] + expected.keys.sorted(), in: directory)
        Self.compare(read, expected, reader: "bash")
    }

    @Test func pythonDotenvReadsExactlyWhatPomclawWrote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, expected) = try Self.writeCorpus(to: directory)
        let read = try Self.run(
            ["python3", "-c", Self.pythonReader, path] + expected.keys.sorted(), in: directory)
        Self.compare(read, expected, reader: "python-dotenv")
    }

    /// pomclaw's parser agrees with both readers on the user's own lines.
    @Test func pomclawReadsTheUsersLinesAsBashAndPythonDo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        try Data(Self.userLines.utf8).write(to: URL(fileURLWithPath: path))
        let parsed = try DotEnvFile.read(from: path).values
        #expect(parsed == Self.userValues)
        let keys = parsed.keys.sorted()
        Self.compare(try Self.run(["bash", "-c", Self.bashReader, "bash", path] + keys, in: directory),
            parsed, reader: "bash")
        Self.compare(try Self.run(["python3", "-c", Self.pythonReader, path] + keys, in: directory),
            parsed, reader: "python-dotenv")
    }

    // MARK: - Readers

    /// Sources the file named by `$1` and prints `KEY=value` (or `KEY` when unset) for each
    /// further argument, NUL-terminated. Values never pass through the script text.
    static let bashReader = """
        set -a
        . "$1" || exit 97
        shift
        for key in "$@"; do
            if [ -n "${!key+set}" ]; then printf '%s=%s\\0' "$key" "${!key}"; else printf '%s\\0' "$key"; fi
        done
        """

    static let pythonReader = """
        import sys
        from dotenv import dotenv_values
        values = dotenv_values(sys.argv[1])
        out = sys.stdout.buffer
        for key in sys.argv[2:]:
            value = values.get(key)
            out.write(key.encode() + (b"" if value is None else b"=" + value.encode("utf-8")) + b"\\0")
        """

    struct Output {
        var values: [String: String?]
        var status: Int32
        var stderr: String
    }

    /// Runs `arguments` (through `/usr/bin/env`, so PATH finds the tool) in `directory`, and
    /// splits stdout into its NUL-terminated records.
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> Output {
        let result = try ChildProcess.run(
            ["/usr/bin/env"] + arguments, environment: ProcessInfo.processInfo.environment, directory: directory.path)
        let stdout = result.stdoutBytes
        var values: [String: String?] = [:]
        for record in stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast() {
            let text = String(decoding: record, as: UTF8.self)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            } else {
                values[text] = .some(nil)
            }
        }
        return Output(values: values, status: result.status, stderr: result.stderr)
    }

    static func compare(_ output: Output, _ expected: [String: String], reader: String) {
        #expect(output.status == 0, "\(reader) failed: \(output.stderr)")
        #expect(output.stderr.isEmpty, "\(reader) complained: \(output.stderr)")
        #expect(output.values.count == expected.count, "\(reader) printed \(output.values.count) of \(expected.count) keys")
        var mismatches = 0
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
            let read = output.values[key] ?? nil
            if read != value {
                mismatches += 1
                if mismatches <= 10 {
                    Issue.record("\(reader) read \(key) as \(String(reflecting: read)), pomclaw wrote \(String(reflecting: value))")
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) values differ in \(reader)")
    }
}
