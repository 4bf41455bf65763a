import PomclawCore
import PomclawTestSupport
import Testing

/// The form pomclaw writes values in, what it refuses, and that the corpus round-trips.
@Suite struct DotEnvQuotingTests {
    @Test(arguments: [
        ("", ""), ("abc", "abc"), ("ops+claw@example.com", "ops+claw@example.com"),
        ("a=b:c/d,e%f-g_h.i", "a=b:c/d,e%f-g_h.i"), ("a b", "'a b'"), ("$HOME", "'$HOME'"),
        ("a#b", "'a#b'"), ("say \"hi\"", "'say \"hi\"'"), ("ünï", "'ünï'"), ("~/x", "'~/x'"),
        ("`id`", "'`id`'"), ("it's", "\"it's\""), (#"a\b"#, #""a\\b""#),
        (#"it's "x""#, #""it's \"x\"""#), (#"\""#, #""\\\"""#),
    ])
    func choosesTheSimplestFormAllReadersAgreeOn(_ value: String, _ encoded: String) throws {
        #expect(try DotEnvQuoting.encode(value, key: "K") == encoded)
    }

    @Test(arguments: [
        "SECRET\n", "SECRET\r\nB=1", "SE\0CRET", "SECRET\t", "SECRET\r", "SECRET\u{7F}",
        "SECRET\u{85}", "SECRET\u{1B}[31m",
    ])
    func refusesControlCharactersNamingTheKeyNotTheValue(_ value: String) {
        let error = #expect(throws: PomclawError.self) {
            try DotEnvFile().setting("POMERIUM_ZERO_TOKEN", value)
        }
        #expect(error?.message.contains("POMERIUM_ZERO_TOKEN") == true)
        #expect(error?.message.contains("control character") == true)
        #expect(error?.description.contains("SECRET") == false)
    }

    @Test(arguments: [
        "SECRET${HOME}", "SECRET ${A", "SECRET'$5", #"SECRET\$5"#, "SECRET'`id`", #"SECRET\`"#,
        #"SECRET'\"#, #"SECRET\"#,
    ])
    func refusesValuesNoQuotingProtectsEverywhere(_ value: String) {
        let error = #expect(throws: PomclawError.self) {
            try DotEnvFile().setting("OPERATOR_EMAIL", value)
        }
        #expect(error?.message.contains("OPERATOR_EMAIL") == true)
        #expect(error?.description.contains("SECRET") == false)
        #expect(error?.nextAction.isEmpty == false)
    }

    @Test func theCorpusCoversEveryTrickyCharacterInWritableValues() throws {
        let writable = DotEnvCorpus.values.filter { (try? DotEnvQuoting.encode($0, key: "K")) != nil }
        #expect(writable.count > DotEnvCorpus.values.count / 2)
        for needle in [" ", "#", " #", "$", "$A", "$(id)", "'", "\"", "\\", "`", "=", "é", "🦀", "~"] {
            #expect(writable.contains { $0.contains(needle) }, "no writable value contains \(needle)")
        }
        #expect(writable.contains(""))
        #expect(writable.contains { $0.hasPrefix(" ") } && writable.contains { $0.hasSuffix(" ") })
        #expect(writable.contains { $0.contains("'") && $0.contains("\\") && $0.contains("\"") })
    }

    /// Every corpus value is either refused or read back exactly by pomclaw's own (compose-go
    /// rules) parser, from a file with user lines around it.
    @Test func theCorpusRoundTripsThroughTheParser() throws {
        var file = DotEnvFile(parsing: "# user\nUSER_KEY='x' # c\n")
        var expected: [String: String] = ["USER_KEY": "x"]
        for (index, value) in DotEnvCorpus.values.enumerated() {
            let key = "K\(index)"
            guard let updated = try? file.setting(key, value) else { continue }
            file = updated
            expected[key] = value
        }
        let reread = DotEnvFile(parsing: file.rendered)
        #expect(reread.warnings.isEmpty, "\(reread.warnings.prefix(3))")
        let values = reread.values
        for (key, value) in expected where values[key] != value {
            Issue.record("\(key) did not round-trip (written as \(String(describing: file.rendered.split(separator: "\n").first { $0.hasPrefix(key + "=") })))")
        }
        #expect(values.count == expected.count)
        // Setting every key again to the same value changes nothing.
        var again = reread
        for (key, value) in expected { again = try again.setting(key, value) }
        #expect(again.rendered == file.rendered)
    }
}
