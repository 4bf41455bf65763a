import PomclawCore
import Testing

/// pomclaw's `.env` reader against docker compose v2's: the inputs and expected results of
/// compose-go's own tests, transcribed as facts (compose-go `dotenv/godotenv_test.go`,
/// `dotenv/parser_test.go`, `dotenv/godotenv_var_expansion_test.go`, `dotenv/fixtures/*.env`
/// and `template/template_test.go`, at commit e70e961 of 2026-07-21). Each case is a file, the
/// environment compose substitutes from, and either the values compose reads (every key, or
/// the ones its test checks) or its refusal of the file.
@Suite struct ComposeDotEnvDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var text: String
        var environment: [String: String] = [:]
        /// nil: compose refuses the file.
        var expected: [String: String]?
        /// True when compose's test compares every key, false when it checks only these.
        var exact = false
        var testDescription: String { source }
    }

    static func values(_ source: String, _ text: String, _ expected: [String: String], environment: [String: String] = [:], exact: Bool = false) -> Case {
        Case(source: source, text: text, environment: environment, expected: expected, exact: exact)
    }

    static func refused(_ source: String, _ text: String, environment: [String: String] = [:]) -> Case {
        Case(source: source, text: text, environment: environment, expected: nil)
    }

    /// `godotenv_test.go` `TestParsing` (`parseAndCompare`: one key each) and the other
    /// single-string tests.
    static let parsing: [Case] = [
        values("TestParsing unquoted", "FOO=bar", ["FOO": "bar"]),
        values("TestParsing space before =", "FOO =bar", ["FOO": "bar"]),
        values("TestParsing space after =", "FOO= bar", ["FOO": "bar"]),
        values("TestParsing double quotes", #"FOO="bar""#, ["FOO": "bar"]),
        values("TestParsing single quotes", "FOO='bar'", ["FOO": "bar"]),
        values("TestParsing escaped double quote", #"FOO="escaped\"bar""#, ["FOO": #"escaped"bar"#]),
        values("TestParsing quoted quotes", #"FOO="\"quoted\"""#, ["FOO": #""quoted""#]),
        values("TestParsing single quotes in double", #"FOO="'d'""#, ["FOO": "'d'"]),
        values("TestParsing yaml style", "OPTION_A: 1", ["OPTION_A": "1"]),
        values("TestParsing yaml with =", "OPTION_A: Foo=bar", ["OPTION_A": "Foo=bar"]),
        values("TestParsing colon in value", "OPTION_A=1:B", ["OPTION_A": "1:B"]),
        values("TestParsing export", "export OPTION_A=2", ["OPTION_A": "2"]),
        values("TestParsing export single-quoted \\n", #"export OPTION_B='\n'"#, ["OPTION_B": #"\n"#]),
        values("TestParsing export exportFoo", "export exportFoo=2", ["exportFoo": "2"]),
        values("TestParsing exportFOO", "exportFOO=2", ["exportFOO": "2"]),
        values("TestParsing export_FOO", "export_FOO =2", ["export_FOO": "2"]),
        values("TestParsing export.FOO", "export.FOO= 2", ["export.FOO": "2"]),
        values("TestParsing export tab", "export\tOPTION_A=2", ["OPTION_A": "2"]),
        values("TestParsing indented export", "  export OPTION_A=2", ["OPTION_A": "2"]),
        values("TestParsing tab-indented export", "\texport OPTION_A=2", ["OPTION_A": "2"]),
        values("TestParsing export in value", #"export OPTION_A="export A""#, ["OPTION_A": "export A"]),
        values("TestParsing \\n in double quotes", #"FOO="bar\nbaz""#, ["FOO": "bar\nbaz"]),
        values("TestParsing \\t unquoted", #"FOO=a\tb"#, ["FOO": #"a\tb"#]),
        values("TestParsing \\t double-quoted", #"FOO="a\tb""#, ["FOO": "a\tb"]),
        values("TestParsing shell escapes", #"KEY="Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\Z\0123Z""#,
            ["KEY": "Z\u{07}Z\u{08}Z\u{0C}Z\nZ\rZ\tZ\u{0B}Z\\ZSZ"]),
        values("TestParsing dot in name", "FOO.BAR=foobar", ["FOO.BAR": "foobar"]),
        values("TestParsing = in value", "FOO=foobar=", ["FOO": "foobar="]),
        values("TestParsing trailing space", "FOO=bar ", ["FOO": "bar"]),
        values("TestParsing inline comment", "FOO=bar # this is foo", ["FOO": "bar"]),
        values("TestParsing inline comment without space", "FOO=bar #this is foo", ["FOO": "bar"]),
        values("TestParsing bare #", "FOO=bar #", ["FOO": "bar"]),
        values("TestParsing # inside value", "FOO=123#not-an-inline-comment", ["FOO": "123#not-an-inline-comment"]),
        values("TestParsing # in double quotes", #"FOO="bar#baz""#, ["FOO": "bar#baz"]),
        values("TestParsing # after double quotes", ##"FOO="bar#baz"#"##, ["FOO": "bar#baz"]),
        values("TestParsing comment after double quotes", #"FOO="bar#baz" # comment"#, ["FOO": "bar#baz"]),
        values("TestParsing comment after single quotes", "FOO='bar#baz' # comment", ["FOO": "bar#baz"]),
        values("TestParsing several #", #"FOO="bar#baz#bang" # comment"#, ["FOO": "bar#baz#bang"]),
        values("TestParsing ba#r double", #"FOO="ba#r""#, ["FOO": "ba#r"]),
        values("TestParsing ba#r single", "FOO='ba#r'", ["FOO": "ba#r"]),
        values("TestParsing escaped space", #"FOO="bar\n\ b\az""#, ["FOO": "bar\n\\ b\u{07}z"]),
        values("TestParsing escaped backslash before n", #"FOO="bar\\\n\ b\az""#, ["FOO": "bar\\\n\\ b\u{07}z"]),
        values("TestParsing escaped backslash before r", #"FOO="bar\\r\ b\az""#, ["FOO": "bar\\r\\ b\u{07}z"]),
        values("TestParsing trailing escaped backslash", #"FOO="bar\nbaz\\""#, ["FOO": "bar\nbaz\\"]),
        values("TestParsing empty name", #"="value""#, ["": "value"]),
        values("TestParsing leading space", " KEY =value", ["KEY": "value"]),
        values("TestParsing leading spaces", "   KEY=value", ["KEY": "value"]),
        values("TestParsing leading tab", "\tKEY=value", ["KEY": "value"]),
        values("TestParsing octal", #"KEY="\0123""#, ["KEY": "S"]),
        values("TestParsing \\x kept", #"KEY="\x07""#, ["KEY": #"\x07"#]),
        values("TestParsing \\u kept", #"KEY="\u12e4""#, ["KEY": #"\u12e4"#]),
        values("TestParsing \\U kept", #"KEY="\U00101234""#, ["KEY": #"\U00101234"#]),
        refused("TestParsing lol$wut", "lol$wut"),
        values("TestParse", "ONE=1\nTWO='2'\nTHREE = \"3\"", ["ONE": "1", "TWO": "2", "THREE": "3"], exact: true),
        values("TestVariableStringValueSeparator",
            "TEST_URLS=\"stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443\"",
            ["TEST_URLS": "stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"], exact: true),
        values("TestParseBytes",
            "\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\n",
            ["a": "b", "a[1]": "c", "a.propertyKey": "d", "árvíztűrő-TÜKÖRFÚRÓGÉP": "ÁRVÍZTŰRŐ-tükörfúrógép"], exact: true),
        refused("TestParseVariable", "%!(EXTRA string)=foo"),
        values("TestMemoryExplosion", (0..<1000).map { "KEY\($0)=VALUE\($0)" }.joined(separator: "\n"),
            Dictionary(uniqueKeysWithValues: (0..<1000).map { ("KEY\($0)", "VALUE\($0)") }), exact: true),
        values("TestExpandingEnvironmentWithLookup", "TEST=$ME", ["TEST": "YES"], environment: ["ME": "YES"]),
    ]

    /// `TestUnterminatedQuotes`, `TestLinesToIgnore` (each line alone reads as nothing, the
    /// last as one value), `TestErrorParsing`.
    static let refusalsAndIgnored: [Case] = [
        refused("TestUnterminatedQuotes 1", #"KEY=""#),
        refused("TestUnterminatedQuotes 2", #"KEY="value"#),
        refused("TestUnterminatedQuotes 3", #"KEY="value\""#),
        refused("TestUnterminatedQuotes 4", #"KEY="value'"#),
        refused("TestUnterminatedQuotes 5", "KEY='"),
        refused("TestUnterminatedQuotes 6", "KEY='value"),
        refused("TestUnterminatedQuotes 7", #"KEY='value\'"#),
        refused("TestUnterminatedQuotes 8", #"KEY='value""#),
        values("TestLinesToIgnore line break", "\n", [:], exact: true),
        values("TestLinesToIgnore windows line break", "\r\n", [:], exact: true),
        values("TestLinesToIgnore whitespace", "\t\t ", [:], exact: true),
        values("TestLinesToIgnore comment", "# Comment", [:], exact: true),
        values("TestLinesToIgnore indented comment", "\t # comment", [:], exact: true),
        values("TestLinesToIgnore non-ignored value", #"export OPTION_B='\n'"#, ["OPTION_B": #"\n"#], exact: true),
        refused("TestErrorParsing fixtures/invalid1.env",
            "# some comments\nfoo=\"\n  a\n  multine\n  value\n\"\nINVALID LINE\nzot=qix"),
    ]

    /// The fixture files, read as `GetEnvFromFile` reads a project's `.env` (no key filtered out).
    static let fixtures: [Case] = [
        values("fixtures/plain.env",
            "OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n456 = ABC\nOPTION_F = \nOPTION_G=\nOPTION_H = my string # Inline comment\n",
            ["OPTION_A": "1", "OPTION_B": "2", "OPTION_C": "3", "OPTION_D": "4", "OPTION_E": "5", "456": "ABC",
             "OPTION_F": "", "OPTION_G": "", "OPTION_H": "my string"], exact: true),
        values("fixtures/exported.env", "export OPTION_A=2\nexport OPTION_B='\\n'\n",
            ["OPTION_A": "2", "OPTION_B": #"\n"#], exact: true),
        values("fixtures/equals.env", "export OPTION_A='postgres://localhost:5432/database?sslmode=disable'\n\n",
            ["OPTION_A": "postgres://localhost:5432/database?sslmode=disable"], exact: true),
        values("fixtures/quoted.env",
            "OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\nOPTION_F=\"2\"\nOPTION_G=\"\"\nOPTION_H=\"\\n\"\n"
                + "OPTION_I = \"echo 'asd'\" # Inline comment\nOPTION_J = 'first line\nsecond line\nthird line\nand so on'\n"
                + "OPTION_K='Let\\'s go!'\nOPTION_Z = \"last value\"\n",
            ["OPTION_A": "1", "OPTION_B": "2", "OPTION_C": "", "OPTION_D": #"\n"#, "OPTION_E": "1", "OPTION_F": "2",
             "OPTION_G": "", "OPTION_H": "\n", "OPTION_I": "echo 'asd'",
             "OPTION_J": "first line\nsecond line\nthird line\nand so on", "OPTION_K": "Let's go!", "OPTION_Z": "last value"],
            exact: true),
        values("fixtures/unquoted.env",
            "OPTION_A = \"some quoted phrase\"\nOPTION_B=first one with an unquoted phrase\n"
                + "OPTION_C = then another one with an unquoted phrase\n"
                + "OPTION_D = then another one with an unquoted phrase special è char\n"
                + "OPTION_E = \"then another one quoted phrase\"\n",
            ["OPTION_A": "some quoted phrase", "OPTION_B": "first one with an unquoted phrase",
             "OPTION_C": "then another one with an unquoted phrase",
             "OPTION_D": "then another one with an unquoted phrase special è char",
             "OPTION_E": "then another one quoted phrase"], exact: true),
        values("fixtures/substitutions.env", substitutions,
            ["OPTION_A": "1", "OPTION_B": "1", "OPTION_C": "1", "OPTION_D": "1_1", "OPTION_E": ""], exact: true),
        values("TestSubstitutionsWithEnvFilePrecedence", substitutions,
            ["OPTION_A": "1", "OPTION_B": "5", "OPTION_C": "5", "OPTION_D": "5_5", "OPTION_E": ""],
            environment: ["OPTION_A": "5"], exact: true),
        values("TestSubstitutionsWithEnvFileDefaultValuePrecedence", substitutionsDefault,
            ["OPTION_A": "5", "OPTION_B": "5", "OPTION_C": "5", "OPTION_D": "5_5", "OPTION_E": ""],
            environment: ["OPTION_A": "5"], exact: true),
        values("TestSubstitutionsWithUnsetVarEnvFileDefaultValuePrecedence", substitutionsDefault,
            ["OPTION_A": "1", "OPTION_B": "1", "OPTION_C": "1", "OPTION_D": "1_1", "OPTION_E": ""], exact: true),
        values("fixtures/utf8-bom.env",
            "\u{FEFF}OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n456 = ABC\nOPTION_F =\nOPTION_G=\nOPTION_H = my string # Inline comment\n",
            ["OPTION_A": "1", "OPTION_B": "2", "OPTION_C": "3", "OPTION_D": "4", "OPTION_E": "5", "456": "ABC",
             "OPTION_F": "", "OPTION_G": "", "OPTION_H": "my string"], exact: true),
        values("fixtures/special.env", "VAR.WITH.DOTS=dots\nVAR_WITH_UNDERSCORES=underscores\nVAR-WITH-DASHES=dashes\n",
            ["VAR-WITH-DASHES": "dashes", "VAR.WITH.DOTS": "dots", "VAR_WITH_UNDERSCORES": "underscores"], exact: true),
        values("fixtures/inherited-multi-var.env", "foo=bar\nVAR_TO_BE_LOADED_FROM_OS_ENV\nbar=baz\n",
            ["VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE", "foo": "bar", "bar": "baz"],
            environment: ["VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE"], exact: true),
        values("fixtures/inherited-single-var.env", "VAR_TO_BE_LOADED_FROM_OS_ENV\n",
            ["VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE"],
            environment: ["VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE"], exact: true),
        values("fixtures/inherited-not-found.env", "VARIABLE_NOT_FOUND\n", [:], exact: true),
        values("TestMultipleFiles base", "\nENV_HOSTNAME=localhost\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n",
            ["ENV_HOSTNAME": "localhost", "ENV_MY_URL": "http://localhost"], exact: true),
        values("TestMultipleFiles base, ENV_HOSTNAME in the environment",
            "\nENV_HOSTNAME=localhost\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n",
            ["ENV_HOSTNAME": "localhost", "ENV_MY_URL": "http://host.local"],
            environment: ["ENV_HOSTNAME": "host.local"], exact: true),
    ]

    static let substitutions =
        "OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n"
    static let substitutionsDefault =
        "OPTION_A=${OPTION_A:-1}\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n"

    /// `TestExpanding`.
    static let expanding: [Case] = [
        values("TestExpanding found in values", "FOO=test\nBAR=$FOO", ["FOO": "test", "BAR": "test"]),
        values("TestExpanding brackets", "FOO=test\nBAR=${FOO}bar", ["FOO": "test", "BAR": "testbar"]),
        values("TestExpanding undefined", "BAR=$FOO", ["BAR": ""]),
        values("TestExpanding double quoted", "FOO=test\nBAR=\"quote $FOO\"", ["FOO": "test", "BAR": "quote test"]),
        values("TestExpanding single quoted", "BAR='quote $FOO'", ["BAR": "quote $FOO"]),
        values("TestExpanding escaped 1", #"FOO="foo\$BAR""#, ["FOO": "foo$BAR"]),
        values("TestExpanding escaped 2", #"FOO="foo\${BAR}""#, ["FOO": "foo${BAR}"]),
        values("TestExpanding escaped 3", "FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", ["FOO": "test", "BAR": "foo${FOO} test"]),
    ]

    /// `godotenv_var_expansion_test.go`: `RESULT=<template>` with EMPTY_VAR and TEST_VAR set.
    static let varExpansionEnvironment = ["EMPTY_VAR": "", "TEST_VAR": "Test Value"]
    static let varExpansion: [Case] = [
        ("${UNSET_VAR:-Default Value}", "Default Value"), ("${EMPTY_VAR:-Default Value}", "Default Value"),
        ("${TEST_VAR:-Default Value}", "Test Value"), ("${UNSET_VAR-Default Value}", "Default Value"),
        ("${EMPTY_VAR-Default Value}", ""), ("${TEST_VAR-Default Value}", "Test Value"),
        ("${UNSET_VAR:?Test error}", nil), ("${EMPTY_VAR:?Test error}", nil), ("${TEST_VAR:?Default Value}", "Test Value"),
        ("${UNSET_VAR?Test error}", nil), ("${EMPTY_VAR?Test error}", ""), ("${TEST_VAR?Default Value}", "Test Value"),
    ].map { template, result in
        Case(source: "var expansion RESULT=\(template)", text: "RESULT=\(template)", environment: varExpansionEnvironment,
             expected: result.map { ["RESULT": $0] })
    }

    /// `template_test.go`, through a `.env` line `R=<template>` with its mapping (FOO=first,
    /// BAR empty, JSON={"json":2}) as the environment.
    static let templateMapping = ["FOO": "first", "BAR": "", "JSON": #"{"json":2}"#]
    static let templates: [Case] = [
        ("$${foo}", "${foo}"), ("foo", "foo"), ("a $ string", "a $ string"), ("^REGEX$", "^REGEX$"), ("$}", "$}"),
        ("$", "$"), ("${", nil), ("${}", nil), ("${ }", nil), ("${ foo}", nil), ("${foo }", nil), ("${foo!}", nil),
        ("$FOO-bar", "first-bar"), ("This ${missing} var", "This  var"), ("This ${BAR} var", "This  var"),
        ("This $FOO var", "This first var"), ("This ${FOO} var", "This first var"), ("ok ${missing:-def}", "ok def"),
        ("ok ${missing-def}", "ok def"), ("${A:+${A},}B", "B"), ("${A:-${B}}", ""), ("ok ${BAR:-def}", "ok def"),
        ("ok ${FOO:-def}", "ok first"), ("ok ${BAR-def}", "ok "), ("ok ${UNSET_VAR:+presence_value}", "ok "),
        ("ok ${UNSET_VAR+presence_value}", "ok "), ("ok ${FOO:+presence_value}", "ok presence_value"),
        ("ok ${FOO+presence_value}", "ok presence_value"), ("ok ${BAR+presence_value}", "ok presence_value"),
        ("ok ${BAR:+presence_value}", "ok "), ("ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric"),
        ("-ok ${BAR:-defaultValue}", "-ok defaultValue"), ("+ok ${UNSET:-${BAR-defaultValue}}", "+ok "),
        ("-ok ${FOO:-defaultValue}", "-ok first"), (":-ok ${UNSET-defaultValue}", ":-ok defaultValue"),
        (":-ok ${BAR-defaultValue}", ":-ok "), (":?ok ${BAR-defaultValue}", ":?ok "),
        (":?ok ${BAR:-defaultValue}", ":?ok defaultValue"), (":+ok ${BAR:-defaultValue}", ":+ok defaultValue"),
        ("+ok ${BAR-defaultValue}", "+ok "), ("?ok ${BAR:-defaultValue}", "?ok defaultValue"),
        ("ok ${UNSET_VAR-$FOO}", "ok first"), ("ok ${UNSET_VAR-${FOO}}", "ok first"),
        ("ok ${UNSET_VAR-${FOO} ${FOO}}", "ok first first"), ("ok ${BAR:-$FOO}", "ok first"),
        ("ok ${BAR:-${FOO}}", "ok first"), ("ok ${BAR:-${FOO} ${FOO}}", "ok first first"), ("ok ${BAR+$FOO}", "ok first"),
        ("ok ${BAR+$FOO ${FOO:+second}}", "ok first second"),
        ("not ok ${UNSET_VAR:?Mandatory Variable Unset}", nil), ("not ok ${BAR:?Mandatory Variable Empty}", nil),
        ("not ok ${UNSET_VAR:?}", nil), ("not ok ${UNSET_VAR?Mandatory Variable Unset}", nil), ("not ok ${UNSET_VAR?}", nil),
        ("not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}", nil), ("not ok ${UNSET_VAR?Mandatory Variable ${FOO}}", nil),
        ("ok ${FOO:?err}", "ok first"), ("ok ${FOO?err}", "ok first"), ("ok ${BAR?err}", "ok "),
        ("ok ${SUBDOMAIN:-redis}.${FOO:?}", "ok redis.first"), ("${UNSET_VAR?bar-baz}", nil),
        ("${UNSET_VAR-myerror?msg}", "myerror?msg"), ("${FOO?bar-baz}", "first"),
        ("${BAR:-default_value_for_empty_var}", "default_value_for_empty_var"),
        ("${UNSET_VAR-default_value_for_unset_var}", "default_value_for_unset_var"),
        (#"ok ${missing:-{"json":1}}"#, #"ok {"json":1}"#), (#"ok ${missing-{"json":1}}"#, #"ok {"json":1}"#),
        (#"ok ${JSON:-{"json":1}}"#, #"ok {"json":2}"#), (#"ok ${JSON-{"json":1}}"#, #"ok {"json":2}"#),
    ].map { template, result in
        Case(source: "template R=\(template)", text: "R=\(template)", environment: templateMapping,
             expected: result.map { ["R": $0] })
    }

    /// `TestLazyRequiredMessageDoesNotWarn`: the message is substituted only when used.
    static let lazy: [Case] = [values("template ${A?${B}} with A set", "R=${A?${B}}", ["R": "value"], environment: ["A": "value"])]

    static let all = parsing + refusalsAndIgnored + fixtures + expanding + varExpansion + templates + lazy

    @Test(arguments: all) func readsWhatComposeReads(_ example: Case) {
        let file = DotEnvFile(parsing: example.text, environment: example.environment)
        guard let expected = example.expected else {
            #expect(file.refusal != nil, "compose refuses this file; pomclaw accepted it as \(file.values)")
            return
        }
        #expect(file.refusal == nil, "compose reads this file; pomclaw refused it: \(String(describing: file.refusal))")
        let values = file.values
        if example.exact {
            #expect(values == expected)
        } else {
            for (key, value) in expected {
                #expect(values[key] == value, "\(key)")
            }
        }
    }

    /// Every case agrees: the count the closing note reports.
    @Test func everyTranscribedCaseAgrees() {
        let agreeing = Self.all.filter { example in
            let file = DotEnvFile(parsing: example.text, environment: example.environment)
            guard let expected = example.expected else { return file.refusal != nil }
            guard file.refusal == nil else { return false }
            let values = file.values
            return example.exact ? values == expected : expected.allSatisfy { values[$0.key] == $0.value }
        }
        #expect(Self.all.count >= 150)
        #expect(agreeing.count == Self.all.count, "\(Self.all.count - agreeing.count) of \(Self.all.count) cases differ")
    }

    /// The case that started it: a managed key whose `$` compose substitutes. The container
    /// would get `abc`; pomclaw reads that too and names the line as read differently.
    @Test func aDollarInAManagedKeyIsReadAsComposeReadsItAndCaught() {
        let file = DotEnvFile(parsing: "# mine\nPOMERIUM_ZERO_TOKEN=abc$def\nOPERATOR_EMAIL='a$b@example.com'\n", environment: [:])
        #expect(file.values["POMERIUM_ZERO_TOKEN"] == "abc")
        #expect(file.writtenValues["POMERIUM_ZERO_TOKEN"] == "abc$def")
        let caught = file.readDifferently(["POMERIUM_ZERO_TOKEN", "OPERATOR_EMAIL"])
        #expect(caught.map(\.line) == [2])
        #expect(caught.map(\.key) == ["POMERIUM_ZERO_TOKEN"])
        #expect(!caught[0].description.contains("abc") && !caught[0].description.contains("def"))
        // Written back in pomclaw's form, compose reads it as written.
        let fixed = try? file.setting("POMERIUM_ZERO_TOKEN", "abc$def")
        #expect(fixed?.rendered.contains("POMERIUM_ZERO_TOKEN='abc$def'") == true)
        #expect(fixed.map { DotEnvFile(parsing: $0.rendered, environment: [:]).values["POMERIUM_ZERO_TOKEN"] } == "abc$def")
    }
}
