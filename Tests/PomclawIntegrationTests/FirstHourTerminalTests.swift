import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The first hour on a real terminal (a tmux pane): `status` and `access add` ask for the API
/// token as `install` does, `status` is coloured and says what it did not check, and an install
/// into someone else's directory asks first.
@Suite(.serialized) struct FirstHourTerminalTests {
    typealias Prompts = TerminalPromptTests
    static let statusPrompt = "Pomerium Zero API token (an API user token), or Enter to skip: "

    /// Runs `arguments` in a pane (with `environment` added) and `answer`s the first `prompt`
    /// (Enter alone for ""); returns the exit status, the screen and the screen with its
    /// colours.
    static func answer(
        _ prompt: String, with answer: String, _ arguments: [String], _ fixture: CLIFixture,
        environment: [String: String] = [:]
    ) async throws -> (status: String, screen: String, painted: String) {
        try await onOwnThread {
            let files = try TemporaryDirectory("pomclaw-tmux-files")
            defer { files.remove() }
            let command = "trap : INT; " + ([PomclawProcess.executable.path] + arguments).map(TmuxSession.quoted).joined(separator: " ")
                + "; echo $? > \(TmuxSession.quoted(files.file("status")))"
            let session = try TmuxSession(command: command, environment: fixture.environment.merging(environment) { _, new in new })
            defer { session.kill() }
            try session.waitFor(prompt)
            usleep(Prompts.settle)
            if !answer.isEmpty { try session.type(answer) }
            usleep(Prompts.settle)
            try session.press("Enter")
            let status = try session.waitForLine(in: files.file("status"))
            let painted = try session.tmux(["capture-pane", "-p", "-e", "-J", "-S", "-"]).stdout
            return (status, try session.screen(), painted)
        }
    }

    @Test func statusAsksForTheAPITokenHiddenChecksEverythingAndShowsColours() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "\(install.stderr)")
            let directory = ["--dir", fixture.install.path]

            let typed = try await Self.answer(Self.statusPrompt, with: fixture.apiToken, ["status"] + directory, fixture)
            #expect(typed.status == "0", "\(typed.screen)")
            #expect(!typed.screen.contains(fixture.apiToken), "the token was echoed")
            #expect(typed.screen.contains("Everything is in place."), "\(typed.screen)")
            #expect(typed.screen.contains("  ok       Pomerium Zero policy"), "\(typed.screen)")
            #expect(typed.painted.contains("\u{1B}[32mok"), "no colour on a terminal:\n\(typed.painted)")

            // Enter skips the Zero checks: in place as far as checked, said, exit 3; no colour
            // with --no-color.
            let skipped = try await Self.answer(Self.statusPrompt, with: "", ["status", "--no-color"] + directory, fixture)
            #expect(skipped.status == "3", "\(skipped.screen)")
            #expect(skipped.screen.contains("Everything checked is in place, but not everything was checked:"), "\(skipped.screen)")
            #expect(skipped.screen.contains("not checked: Pomerium Zero (4 checks): no API token"))
            #expect(!skipped.painted.contains("\u{1B}[32m"), "colours despite --no-color:\n\(skipped.painted)")
            try fixture.expectNoSecrets(in: [PomclawProcess.Result(status: 0, stdout: typed.screen + skipped.screen, stderr: "", duration: .zero)])
        }
    }

    @Test func accessAddAsksForTheAPITokenAsInstallDoes() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "\(install.stderr)")
            let added = try await Self.answer(
                Prompts.apiPrompt, with: fixture.apiToken, ["access", "add", "friend@example.com", "--dir", fixture.install.path], fixture)
            #expect(added.status == "0", "\(added.screen)")
            #expect(!added.screen.contains(fixture.apiToken), "the token was echoed")
            #expect(added.screen.contains("access works on Pomerium Zero through its API and needs an API user token"),
                "\(added.screen)")
            let policies = fixture.sim.policies(org: fixture.org)
            #expect(policies.contains { "\($0)".contains("friend@example.com") }, "\(policies)")
        }
    }

    @Test func anInstallIntoSomeoneElsesDirectoryAsksFirst() async throws {
        try await CLIFixture.with { fixture in
            try Data("mine\n".utf8).write(to: URL(fileURLWithPath: fixture.install.file("notes.txt")))
            chmod(fixture.install.path, 0o755)
            let declined = try await Self.answer(
                "anyway? [y/N]: ", with: "n", fixture.arguments(["--dir", fixture.install.path]), fixture)
            #expect(declined.status == "1", "\(declined.screen)")
            #expect(declined.screen.contains("holds 1 other entry (notes.txt) and no install: pomclaw will restrict it to mode 0700"),
                "\(declined.screen)")
            #expect(try fixture.installContents() == ["notes.txt"])
            #expect(InstallScript.mode(fixture.install.path) == 0o755)
        }
    }
}
