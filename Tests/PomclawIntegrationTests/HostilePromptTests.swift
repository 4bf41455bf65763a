import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Hostile answers typed at pomclaw's prompts on a real terminal (a tmux pane): a refused
/// answer is asked again with a one-line reason, an accepted one is carried as data.
@Suite(.serialized) struct HostilePromptTests {
    static let canary = "/tmp/pomclaw-hostile-prompt-canary-\(ProcessInfo.processInfo.processIdentifier)"

    @Test func refusedAnswersAreAskedAgainAndAcceptedOnesAreCarriedAsData() async throws {
        try await CLIFixture.with { fixture in
            let email = "ops+`id`$USER@example.com"
            let (status, screen) = try await onOwnThread {
                let (session, files) = try TerminalPromptTests.session(fixture)
                defer {
                    session.kill()
                    try? FileManager.default.removeItem(atPath: files)
                }
                // `${` cannot be kept in .env: the cluster token is asked again.
                try Self.answer(session, TerminalPromptTests.zeroPrompt, occurrence: 1, "zct-$(touch${IFS}\(Self.canary))")
                try Self.answer(session, TerminalPromptTests.zeroPrompt, occurrence: 2, fixture.zeroToken)
                try Self.answer(session, TerminalPromptTests.apiPrompt, occurrence: 1, fixture.apiToken)
                try Self.answer(session, TerminalPromptTests.emailPrompt, occurrence: 1, "$(touch \(Self.canary))@example.com")
                try Self.answer(session, TerminalPromptTests.emailPrompt, occurrence: 2, email)
                let status = try session.waitForLine(in: files + "/status")
                return (status, try session.screen())
            }
            #expect(status == "0", "exit \(status):\n\(screen)")
            #expect(!FileManager.default.fileExists(atPath: Self.canary), "a shell ran a typed answer")
            let lines = screen.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.contains("POMERIUM_ZERO_TOKEN holds characters that .env cannot keep") }, "\(screen)")
            #expect(lines.contains { $0.contains("OPERATOR_EMAIL '$(touch /tmp/") && $0.contains("is not an email address") }, "\(screen)")
            #expect(!screen.contains(fixture.zeroToken) && !screen.contains(fixture.apiToken))
            let values = try HostileInputProcessTests.readBack(fixture)
            #expect(values["OPERATOR_EMAIL"] == email)
            #expect(values["POMERIUM_ZERO_TOKEN"] == fixture.zeroToken)
        }
    }

    /// Waits until `prompt` is on the screen `occurrence` times, then types `answer` and Enter.
    static func answer(_ session: TmuxSession, _ prompt: String, occurrence: Int, _ answer: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while try session.screen().components(separatedBy: prompt).count - 1 < occurrence {
            guard Date() < deadline else {
                throw FixtureError("prompt '\(prompt)' did not appear \(occurrence) times:\n\(try session.screen())")
            }
            usleep(50_000)
        }
        usleep(TerminalPromptTests.settle)
        try session.type(answer)
        try session.press("Enter")
    }
}
