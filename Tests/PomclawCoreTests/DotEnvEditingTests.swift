import PomclawCore
import Testing

/// `setting` and `removing` change only the keys they are asked to, and nothing else.
@Suite struct DotEnvEditingTests {
    static let userFile = """
        # My settings
        export EDITOR=vim   # my editor

        POMERIUM_ZERO_TOKEN=old-token
        GREETING="hello \\"world\\""
        # a note about the email
        OPERATOR_EMAIL='old@example.com' # who may log in
        PATH_LIKE=/a:/b
        not a statement
        LAST='kept'
        """

    @Test func rewritesAnExistingKeyInPlaceAndKeepsEveryOtherByte() throws {
        let file = try DotEnvFile(parsing: Self.userFile)
            .setting("POMERIUM_ZERO_TOKEN", "new-token")
            .setting("OPERATOR_EMAIL", "ops+claw@example.com")
        let expected = Self.userFile
            .replacingOccurrences(of: "POMERIUM_ZERO_TOKEN=old-token", with: "POMERIUM_ZERO_TOKEN=new-token")
            .replacingOccurrences(of: "OPERATOR_EMAIL='old@example.com' # who may log in",
                with: "OPERATOR_EMAIL=ops+claw@example.com # who may log in")
        #expect(file.rendered == expected)
        #expect(file.values["OPERATOR_EMAIL"] == "ops+claw@example.com")
        #expect(file.values["GREETING"] == "hello \"world\"")
    }

    @Test func appendsNewKeysAtTheEndWithTheirComments() throws {
        let file = try DotEnvFile(parsing: Self.userFile)
            .setting("OPENCLAW_VERSION", "2026.6.5", comment: "OpenClaw release to install")
            .setting("POMERIUM_CLUSTER_DOMAIN", "trusted-dog-1049.pomerium.app")
        #expect(file.rendered == Self.userFile + """

            
            # OpenClaw release to install
            OPENCLAW_VERSION=2026.6.5
            POMERIUM_CLUSTER_DOMAIN=trusted-dog-1049.pomerium.app

            """)
    }

    @Test func startsAnEmptyFileWithoutABlankLine() throws {
        let file = try DotEnvFile().setting("A", "1", comment: "first").setting("B", "x y", comment: "second")
        #expect(file.rendered == "# first\nA=1\n\n# second\nB='x y'\n")
    }

    @Test func keepsTheLastOfDuplicatesAndRemovesTheEarlierOnes() throws {
        let file = try DotEnvFile(parsing: "A=1\n# one\nB=2\nA=3 # last\nC=4\nA=5\n").setting("A", "6")
        #expect(file.rendered == "# one\nB=2\nC=4\nA=6\n")
        #expect(file.values == ["A": "6", "B": "2", "C": "4"])
    }

    @Test func cleansUpDuplicatesEvenWhenTheValueIsUnchanged() throws {
        let file = try DotEnvFile(parsing: "A=1\nA=2\n").setting("A", "2")
        #expect(file.rendered == "A=2\n")
    }

    @Test func leavesASingleAssignmentWithTheSameValueAlone() throws {
        let text = "export A='same'   # quoted by the user\n"
        #expect(try DotEnvFile(parsing: text).setting("A", "same").rendered == text)
    }

    @Test func requotesADollarSignComposeWouldSubstitute() throws {
        let file = try DotEnvFile(parsing: "A=$HOME\nB=\"x$y\"\n").setting("A", "$HOME").setting("B", "x$y")
        #expect(file.rendered == "A='$HOME'\nB='x$y'\n")
        #expect(try file.setting("A", "$HOME") == file)
    }

    @Test func keepsExportAndTheInlineComment() throws {
        let file = DotEnvFile(parsing: "export A=1 # note\n")
        #expect(try file.setting("A", "x y").rendered == "export A='x y' # note\n")
        // An empty unquoted value before ` #` would make compose read the comment as the value.
        let emptied = try file.setting("A", "")
        #expect(emptied.rendered == "export A='' # note\n")
        #expect(DotEnvFile(parsing: emptied.rendered).values["A"] == "")
    }

    @Test func replacesAMultiLineValueWithOneLine() throws {
        let file = try DotEnvFile(parsing: "A=\"l1\nl2\"\nB=2\n").setting("A", "x")
        #expect(file.rendered == "A=x\nB=2\n")
    }

    @Test func preservesCRLFAndUsesItForNewLines() throws {
        let file = try DotEnvFile(parsing: "# c\r\nA=1\r\nB=2")
            .setting("A", "one").setting("C", "3", comment: "new")
        #expect(file.rendered == "# c\r\nA=one\r\nB=2\r\n\r\n# new\r\nC=3\r\n")
    }

    @Test func endsAnUnterminatedLastLineBeforeAppending() throws {
        #expect(try DotEnvFile(parsing: "A=1").setting("B", "2").rendered == "A=1\nB=2\n")
        #expect(try DotEnvFile(parsing: "# c").setting("B", "2").rendered == "# c\nB=2\n")
    }

    @Test func dropsTheByteOrderMarkOnWrite() throws {
        let file = try DotEnvFile(parsing: "\u{FEFF}A=1\n").setting("B", "2")
        #expect(file.hadByteOrderMark)
        #expect(file.rendered == "A=1\nB=2\n")
        #expect(Array(file.data.prefix(3)) == Array("A=1".utf8))
    }

    @Test func removesEveryAssignmentOfAKeyAndNothingElse() {
        let file = DotEnvFile(parsing: "A=1\n# keep\nexport A=2\nB=3\nA='4'")
        #expect(file.removing("A").rendered == "# keep\nB=3\n")
        #expect(file.removing("A").values == ["B": "3"])
        #expect(file.removing("MISSING") == file)
    }

    /// `A: 1` is compose's YAML-style assignment: it is A's line, rewritten in place.
    @Test func rewritesAYamlStyleAssignmentInPlace() throws {
        let file = try DotEnvFile(parsing: "A: 1\n").setting("A", "2")
        #expect(file.rendered == "A=2\n")
        #expect(file.values == ["A": "2"])
    }

    /// A lone name takes its value from compose's environment; setting the key replaces it.
    @Test func rewritesAnInheritedNameInPlace() throws {
        let file = try DotEnvFile(parsing: "# c\nA\nB=1\n", environment: ["A": "env"]).setting("A", "2")
        #expect(file.rendered == "# c\nA=2\nB=1\n")
        #expect(file.values == ["A": "2", "B": "1"])
    }

    /// A quote left open on an earlier line would close inside what pomclaw writes, and the
    /// new assignment would be read as part of that quoted value (found by fuzz-dotenv).
    @Test func refusesToWriteAQuoteThatWouldCloseAnEarlierUnclosedOne() throws {
        let file = DotEnvFile(parsing: "A=1\nNOTE=\"left open\n")
        #expect(file.values == ["A": "1"])
        #expect(throws: PomclawError.self) { try file.setting("OPERATOR_EMAIL", "o'brien@example.com") }
        // A quote in the comment above the new key would close it as well: refused too.
        #expect(throws: PomclawError.self) { try file.setting("B", "2", comment: "say \"hi\"") }
        #expect(try file.setting("A", "it's").values == ["A": "it's"])
        let error = try #require(throws: PomclawError.self) { try file.setting("B", "x\"y") }
        #expect(error.message.contains("line 2"))
        #expect(error.message.contains("NOTE"))
        #expect(!error.message.contains("x\"y"))
        #expect(!error.message.contains("left open"))
    }

    @Test func stillWritesWhatAnEarlierUnclosedQuoteCannotSwallow() throws {
        let file = try DotEnvFile(parsing: "NOTE=\"left open\nA=1\n").setting("B", "two words").setting("A", "2")
        #expect(file.rendered == "NOTE=\"left open\nA=2\nB='two words'\n")
        #expect(DotEnvFile(parsing: file.rendered).values == ["A": "2", "B": "two words"])
    }

    @Test(arguments: ["", "1A", "A-B", "A B", "A=B", "Ä", "a.b"])
    func refusesKeysBashCannotAssign(_ key: String) {
        #expect(throws: PomclawError.self) { try DotEnvFile().setting(key, "v") }
    }

    @Test func refusesCommentsWithLineBreaks() {
        #expect(throws: PomclawError.self) { try DotEnvFile().setting("A", "v", comment: "x\nB=evil") }
    }

    /// Read → set managed keys → write → read: the user's values stay, ours are the new ones.
    @Test(arguments: ["\n", "\r\n"])
    func roundTripsUserKeysAndManagedKeys(_ ending: String) throws {
        let text = Self.userFile.replacingOccurrences(of: "\n", with: ending)
        let before = DotEnvFile(parsing: text)
        var file = before
        let managed = [
            "POMERIUM_ZERO_TOKEN": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_x",
            "POMERIUM_CLUSTER_DOMAIN": "trusted-dog-1049.pomerium.app",
            "OPERATOR_EMAIL": "o'brien@example.com",
            "OPENCLAW_VERSION": "2026.6.5",
        ]
        for (key, value) in managed.sorted(by: { $0.key < $1.key }) {
            file = try file.setting(key, value, comment: "managed by pomclaw")
        }
        let after = DotEnvFile(parsing: file.rendered)
        var expected = before.values
        expected.merge(managed) { _, new in new }
        #expect(after.values == expected)
        #expect(after.warnings == before.warnings)
        // Untouched lines keep their bytes and their order.
        let untouched = text.components(separatedBy: ending).filter {
            !$0.hasPrefix("POMERIUM_ZERO_TOKEN=") && !$0.hasPrefix("OPERATOR_EMAIL=")
        }
        var remaining = untouched[...]
        for line in file.rendered.components(separatedBy: ending) where line == remaining.first {
            remaining = remaining.dropFirst()
        }
        #expect(remaining.isEmpty, "untouched lines missing or out of order: \(remaining.count)")
        if ending == "\r\n" {
            #expect(!file.rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }
}
