import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct TokenScrubTests {
    static let original = """
        # my own comment
        POMERIUM_ZERO_TOKEN=zct-cluster
        export MY_SETTING="kept as is"   # inline
        POMERIUM_ZERO_API_TOKEN=zapi-secret-value
        POMCLAW_SSH_PORT=2222
        OPERATOR_EMAIL=me@example.com
        """ + "\n"
    static let scrubbed = """
        # my own comment
        POMERIUM_ZERO_TOKEN=zct-cluster
        export MY_SETTING="kept as is"   # inline
        POMCLAW_SSH_PORT=2222
        OPERATOR_EMAIL=me@example.com
        """ + "\n"

    /// A `.env` holding `text` with `mode`, in a directory of its own.
    private func envFile(_ text: String = original, mode: Int = 0o600) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory("pomclaw-scrub")
        let path = directory.file(".env")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return (directory, path)
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func answeringYesRemovesExactlyTheTokenLineAndKeepsTheMode() throws {
        let (directory, path) = try envFile(mode: 0o640)
        defer { directory.remove() }
        let console = FakeConsole(canPrompt: true, answers: ["y"])
        #expect(try TokenScrub.offer(envFile: path, choice: .ask, console: console) == .removed)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.scrubbed)
        #expect(try mode(path) == 0o640)
        #expect(console.prompts.map(\.question) == ["Remove API token from .env? [y/N]: "])
        #expect(console.prompts.first?.secret == false)
        #expect(console.transcript.contains("https://console.pomerium.app/app/management/api-tokens"))
        #expect(console.transcript.contains("not need it stored"))
        #expect(!console.transcript.contains("zapi-secret-value"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [".env"], "no temporary file left")
    }

    @Test func anyOtherAnswerOrEndOfInputKeepsTheFileByteForByte() throws {
        for answer in ["", "N", "no", nil] as [String?] {
            let (directory, path) = try envFile()
            defer { directory.remove() }
            let console = FakeConsole(canPrompt: true, answers: [answer])
            #expect(try TokenScrub.offer(envFile: path, choice: .ask, console: console) == .kept)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
            #expect(console.transcript.contains("--scrub-token"))
        }
    }

    @Test func theFlagsDecideWithoutAskingAndNoTerminalKeepsIt() throws {
        let (directory, path) = try envFile()
        defer { directory.remove() }
        let noTerminal = FakeConsole()
        #expect(try TokenScrub.offer(envFile: path, choice: .ask, console: noTerminal) == .kept)
        #expect(noTerminal.transcript.contains("delete that line from .env, or run"))
        let keep = FakeConsole(canPrompt: true)
        #expect(try TokenScrub.offer(envFile: path, choice: .keep, console: keep) == .kept)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
        let scrub = FakeConsole(canPrompt: true)
        #expect(try TokenScrub.offer(envFile: path, choice: .scrub, console: scrub) == .removed)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.scrubbed)
        #expect(keep.prompts.isEmpty && scrub.prompts.isEmpty)
        // Nothing left to offer.
        let again = FakeConsole(canPrompt: true)
        #expect(try TokenScrub.offer(envFile: path, choice: .ask, console: again) == .absent)
        #expect(again.transcript.isEmpty)
    }

    @Test func everyAssignmentGoesAndCRLFAndTheByteOrderMarkStay() throws {
        let text = "\u{FEFF}A=1\r\nPOMERIUM_ZERO_API_TOKEN=one\r\nB='x y'\r\nexport POMERIUM_ZERO_API_TOKEN=two\r\n# end"
        let (directory, path) = try envFile(text)
        defer { directory.remove() }
        try TokenScrub.removeToken(from: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("\u{FEFF}A=1\r\nB='x y'\r\n# end".utf8))
        #expect(try mode(path) == 0o600)
    }
}
