import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Every validator against every hostile payload: a payload is either carried as data (the
/// value comes back unchanged and `.env` can hold it) or refused with a one-line message that
/// names the setting, shows the value harmlessly and says what to do next.
@Suite struct InputValidationHostileTests {
    static let canary = "/tmp/pomclaw-canary-unit"

    struct Case: Sendable, CustomTestStringConvertible {
        var key: InputKey
        var input: HostileInput
        var testDescription: String { "\(key.variable): \(input.name)" }
    }

    static let bases = HostileInput.bases
    static let carried = HostileInput.carried

    static let cases: [Case] = InputKey.allCases.flatMap { key in
        HostileInput.payloads(base: bases[key]!, canary: canary).map { Case(key: key, input: $0) }
    }

    static func validate(_ key: InputKey, _ value: String) throws -> String {
        switch key {
        case .zeroToken, .apiToken: try InputValidation.token(value, key).value
        case .clusterDomain: try InputValidation.domain(value)
        case .operatorEmail: try InputValidation.email(value)
        case .openclawVersion: try InputValidation.version(value)
        }
    }

    @Test(arguments: cases)
    func eachPayloadIsCarriedOrRefusedOnOneLine(_ testCase: Case) throws {
        let key = testCase.key, value = testCase.input.text
        let shouldCarry = Self.carried[key]!.contains(testCase.input.name)
        do {
            let accepted = try Self.validate(key, value)
            #expect(shouldCarry, "\(key.variable) accepted \(testCase.input.name) as \(accepted.debugDescription)")
            #expect(accepted == value, "a carried value must come back unchanged")
            if key != .apiToken {
                // Whatever is accepted must be writable to .env, which the stack reads.
                #expect(throws: Never.self) { _ = try DotEnvQuoting.encode(accepted, key: key.variable) }
            }
        } catch let error as PomclawError {
            #expect(!shouldCarry, "\(key.variable) refused \(testCase.input.name): \(error)")
            Self.expectOneLine(error, naming: key, secret: key.isSecret ? value : nil)
        }
    }

    /// The refusal is one line naming the setting plus a next action; it never shows a
    /// control character, never runs past a terminal line or two, and never shows a secret.
    static func expectOneLine(_ error: PomclawError, naming key: InputKey, secret: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!error.message.contains("\n") && !error.message.contains("\r"), "\(error.message.debugDescription)", sourceLocation: sourceLocation)
        #expect(error.message.count <= 240, "\(error.message.count) characters: \(error.message.prefix(300))", sourceLocation: sourceLocation)
        #expect(!error.message.unicodeScalars.contains { $0.properties.generalCategory == .control }, sourceLocation: sourceLocation)
        #expect(error.message.contains(key.variable), "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.nextAction.isEmpty, sourceLocation: sourceLocation)
        #expect(!error.nextAction.contains("\n"), sourceLocation: sourceLocation)
        if let secret, secret.count >= 8 {
            #expect(!error.description.contains(secret), sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["-x.example.com", "x-.example.com", "a.-b.example.com", String(repeating: "a", count: 64) + ".example.com",
                      String(repeating: "abcdefghi.", count: 26) + "com"])
    func hostnamesThatNoResolverAcceptsAreRefused(_ domain: String) {
        #expect(throws: PomclawError.self) { try InputValidation.domain(domain) }
    }

    @Test(arguments: ["2026.6.5-bêta", "2026.6.5-" + String(repeating: "a", count: 120), "2026.6.5-١"])
    func versionsThatAreNoDockerTagAreRefused(_ version: String) {
        #expect(throws: PomclawError.self) { try InputValidation.version(version) }
    }

    @Test(arguments: ["o'brien@example.com", "-x@example.com", "ünïcødé@example.com", "ops+claw@example.com"])
    func unusualButRealEmailsAreCarried(_ email: String) throws {
        #expect(try InputValidation.email(email) == email)
    }

    @Test func anEmailDotEnvCannotHoldIsRefusedBeforeAnythingIsWritten() {
        // A quote together with `$`: no .env quoting keeps it for compose, python-dotenv and bash.
        #expect(throws: PomclawError.self) { try InputValidation.email("o'x$y@example.com") }
    }

    @Test func valuesInMessagesAreEscapedAndCutShort() {
        #expect(InputValidation.shown("a\nb\r\u{1B}]0;x\u{07}\0") == #"'a\nb\r\u{1B}]0;x\u{7}\0'"#)
        #expect(InputValidation.shown(String(repeating: "a", count: 61)) == "'" + String(repeating: "a", count: 60) + "…' (61 characters)")
        #expect(InputValidation.escaped("name\u{2028}x", limit: 80) == #"name\u{2028}x"#)
    }

    /// The last line of defence: whatever reaches the console, no control character but line
    /// feed and tab reaches the terminal.
    @Test func theConsoleNeverPassesControlCharacters() {
        #expect(TerminalConsole.printable("a\u{1B}[2Jb\u{07}\r\nc\td\u{9B}e") == "a?[2Jb??\nc\td?e")
        #expect(TerminalConsole.printable("plain text\n") == "plain text\n")
    }
}
