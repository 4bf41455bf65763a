import PomclawCore
import Testing

/// What pomclaw reads from the `.env` forms users and docker compose write.
@Suite struct DotEnvParsingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var values: [String: String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain", text: "A=1\nB=two\n", values: ["A": "1", "B": "two"]),
        Case(name: "comments and blank lines",
            text: "# top\n\n   # indented\nA=1\n\n\n#B=2\n", values: ["A": "1"]),
        Case(name: "export", text: "export A=1\nexport\tB='x y'\n", values: ["A": "1", "B": "x y"]),
        Case(name: "export as a key", text: "export=1\n", values: ["export": "1"]),
        Case(name: "single quotes are literal",
            text: #"A='a b # c $HOME \n \\ "q"'"# + "\n",
            values: ["A": #"a b # c $HOME \n \\ "q""#]),
        Case(name: "escaped quote in single quotes", text: #"A='it\'s'"#, values: ["A": "it's"]),
        Case(name: "double-quote escapes",
            text: #"A="l1\nl2\t\"q\" \\ \$HOME \r\a\b\f\v \x \c""#,
            values: ["A": "l1\nl2\t\"q\" \\ $HOME \r\u{07}\u{08}\u{0C}\u{0B} \\x \\c"]),
        // Three octal digits up to 255 are that byte; otherwise compose-go keeps `\` and the
        // digits but drops the `0` (found by running compose-go's parser on a generated corpus).
        Case(name: "octal escape", text: #"A="\0101\0\01\0999\0128""#, values: ["A": #"A\\1\999\128"#]),
        Case(name: "inline comments",
            text: "A=value # comment\nB=val#ue\nC='q' # c\nD=\"d\"#c\nE=x\t# tab is not a comment start\n",
            values: ["A": "value", "B": "val#ue", "C": "q", "D": "d", "E": "x\t# tab is not a comment start"]),
        Case(name: "hash right after = is a value", text: "A= #x\n", values: ["A": "#x"]),
        Case(name: "CRLF", text: "# c\r\nA=1\r\nB='x'\r\nC=\"y\" # c\r\nD=2 # c\r\n",
            values: ["A": "1", "B": "x", "C": "y", "D": "2"]),
        Case(name: "byte order mark", text: "\u{FEFF}A=1\n", values: ["A": "1"]),
        Case(name: "no final newline", text: "A=1\nB=2", values: ["A": "1", "B": "2"]),
        Case(name: "duplicates: last wins", text: "A=1\nB=x\nA=2\nA=3\n", values: ["A": "3", "B": "x"]),
        Case(name: "whitespace around =",
            text: "A = 1\nB=  2  \nC\t=\t'3'\n  D=4\n", values: ["A": "1", "B": "2", "C": "3", "D": "4"]),
        Case(name: "empty values", text: "A=\nB=''\nC=\"\"\nD= \n", values: ["A": "", "B": "", "C": "", "D": ""]),
        Case(name: "multi-line double quotes", text: "A=\"l1\nl2\"\nB=2\n", values: ["A": "l1\nl2", "B": "2"]),
        Case(name: "multi-line single quotes", text: "A='l1\n# l2'\nB=2\n", values: ["A": "l1\n# l2", "B": "2"]),
        Case(name: "unicode", text: "A=ünï\nB='🦀 x'\nÄ=1\n", values: ["A": "ünï", "B": "🦀 x", "Ä": "1"]),
        Case(name: "compose key characters", text: "a.b-c[0]=1\n", values: ["a.b-c[0]": "1"]),
        Case(name: "only comments", text: "# nothing here", values: [:]),
        Case(name: "empty", text: "", values: [:]),
    ]

    @Test(arguments: cases) func readsTheValuesComposeReads(_ example: Case) {
        let file = DotEnvFile(parsing: example.text)
        #expect(file.values == example.values)
        #expect(file.warnings.isEmpty, "\(file.warnings)")
    }

    @Test(arguments: cases) func rendersUntouchedTextByteForByte(_ example: Case) {
        let file = DotEnvFile(parsing: example.text)
        let withoutMark = example.text.hasPrefix("\u{FEFF}")
            ? String(example.text.unicodeScalars.dropFirst()) : example.text
        #expect(file.rendered == withoutMark)
        #expect(file.hadByteOrderMark == example.text.hasPrefix("\u{FEFF}"))
    }

    /// compose's forms that are not `KEY=value`, and the lines it refuses: every line is kept
    /// as it is, the refused ones are reported (never with their text), and the values are
    /// what compose reads (the environment is empty here).
    @Test func readsComposesOtherFormsAndReportsTheLinesItRefuses() {
        let text = """
            A=1
            TOKEN secretvalue1
            TOKEN2: secretvalue2
            TOKEN3
            =secretvalue4
            B="x" SECRETVALUE5=y
            C=$SECRETVALUE6
            D="${SECRETVALUE7}"
            E='$literal'
            F="\\$literal"
            G='secretvalue8
            H=2
            """
        let file = DotEnvFile(parsing: text, environment: [:])
        #expect(file.rendered == text)
        #expect(file.values == [
            "A": "1", "TOKEN2": "secretvalue2", "": "secretvalue4", "B": "x", "SECRETVALUE5": "y", "C": "",
            "D": "", "E": "$literal", "F": "$literal", "H": "2",
        ])
        #expect(file.writtenValues["C"] == "$SECRETVALUE6" && file.writtenValues["D"] == "${SECRETVALUE7}")
        #expect(file.warnings.map(\.line) == [2, 5, 11])
        #expect(file.warnings.map(\.key) == ["TOKEN", nil, "G"])
        #expect(file.warnings.map(\.refusedByCompose) == [true, false, true])
        #expect(file.refusal?.line == 2)
        for warning in file.warnings {
            #expect(!warning.description.lowercased().contains("secretvalue"))
            #expect(warning.description.hasPrefix("line \(warning.line): "))
        }
        // With TOKEN3 in compose's environment, the bare line takes its value from there.
        #expect(DotEnvFile(parsing: text, environment: ["TOKEN3": "env"]).values["TOKEN3"] == "env")
    }

    @Test func countsLinesThroughMultiLineValues() {
        let file = DotEnvFile(parsing: "A=\"1\n2\n3\"\r\nB=x y\nC=${X\n", environment: [:])
        #expect(file.warnings.map(\.line) == [5])
        #expect(file.values["B"] == "x y")
    }

    @Test func detectsTheLineEndingStyle() {
        #expect(DotEnvFile(parsing: "A=1\r\nB=2\n").lineEnding == "\r\n")
        #expect(DotEnvFile(parsing: "A=1\nB=2\r\n").lineEnding == "\n")
        #expect(DotEnvFile(parsing: "A=1").lineEnding == "\n")
        #expect(DotEnvFile().lineEnding == "\n")
    }
}
