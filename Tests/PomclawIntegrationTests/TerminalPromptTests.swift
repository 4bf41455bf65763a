import Foundation
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `pomclaw install` on a real terminal (a tmux pane): the prompts, hidden tokens, the cluster
/// picker, end of input and Ctrl-C, against a Zero API simulator in the test process.
@Suite(.serialized) struct TerminalPromptTests {
    static let zeroPrompt = "Pomerium Zero token (the cluster bootstrap token): "
    static let apiPrompt = "Pomerium Zero API token (an API user token): "
    static let pickerHeading = "Found 2 clusters"
    static let pickerPrompt = "Enter to accept [1], or type a number: "
    static let emailPrompt = "email address you use to sign in to Pomerium: "

    /// How long to leave a typed key to the terminal before reading the screen, so that an
    /// echo, if there were one, would be on it.
    static let settle: UInt32 = 300_000

    /// The pane's command: pomclaw on the install directory, then its exit status written to
    /// `status` in the scratch directory, then `after` (shell text of the test's own).
    static func command(_ fixture: CLIFixture, _ session: String, after: String = "") -> String {
        let pomclaw = TmuxSession.quoted(PomclawProcess.executable.path)
        let status = TmuxSession.quoted(session + "/status")
        return "trap : INT; \(pomclaw) install --dir \(TmuxSession.quoted(fixture.install.path)); echo $? > \(status)\(after)"
    }

    /// Starts the session with a directory of its own for the status file; `after` gets that
    /// directory and returns shell text to run after pomclaw.
    static func session(_ fixture: CLIFixture, after: (String) -> String = { _ in "" }) throws -> (TmuxSession, String) {
        let files = try TemporaryDirectory("pomclaw-tmux-files")
        let session = try TmuxSession(
            command: command(fixture, files.path, after: after(files.path)), environment: fixture.environment)
        return (session, files.path)
    }

    @Test func promptsInOrderHideTokensAndInstall() async throws {
        try await CLIFixture.with(clusterCount: 2) { fixture in
            let seen = try await onOwnThread { try Self.answerEveryPrompt(fixture) }
            #expect(!seen.afterZeroToken.contains(fixture.zeroToken), "the cluster token is on the screen")
            #expect(!seen.afterAPIToken.contains(fixture.apiToken), "the API token is on the screen")
            let screen = seen.final
            #expect(seen.status == "0", "pomclaw exited \(seen.status):\n\(screen)")
            let order = [Self.zeroPrompt, Self.apiPrompt, Self.pickerHeading, Self.pickerPrompt, Self.emailPrompt]
            let positions = order.map { screen.range(of: $0)?.lowerBound }
            #expect(!positions.contains(nil), "missing prompts on the screen:\n\(screen)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "prompts out of order:\n\(screen)")
            #expect(screen.contains("[1] cluster-2"), "the newest cluster is not [1]:\n\(screen)")
            #expect(screen.contains("Using cluster: cluster-2 (test-cluster-2.pomerium.app)"))
            #expect(!screen.contains(fixture.zeroToken))
            #expect(!screen.contains(fixture.apiToken))

            #expect(fixture.sim.routes(org: fixture.org).count == 2)
            let envFile = fixture.install.file(".env")
            let mode = try FileManager.default.attributesOfItem(atPath: envFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let env = try String(contentsOfFile: envFile, encoding: .utf8)
            #expect(env.contains(fixture.zeroToken))
            #expect(!env.contains(fixture.apiToken))
            #expect(env.contains("POMERIUM_CLUSTER_DOMAIN=test-cluster-2.pomerium.app"))
            #expect(env.contains(fixture.email))
        }
    }

    /// Answers each prompt as it appears, reading the screen after each token was typed;
    /// returns once pomclaw has exited. Blocking: run it on a thread of its own.
    private static func answerEveryPrompt(_ fixture: CLIFixture) throws
        -> (afterZeroToken: String, afterAPIToken: String, status: String, final: String)
    {
        let (session, files) = try session(fixture)
        defer {
            session.kill()
            try? FileManager.default.removeItem(atPath: files)
        }
        try session.waitFor(zeroPrompt)
        usleep(settle)
        try session.type(fixture.zeroToken)
        usleep(settle)
        let afterZeroToken = try session.screen()
        try session.press("Enter")

        try session.waitFor(apiPrompt)
        usleep(settle)
        try session.type(fixture.apiToken)
        usleep(settle)
        let afterAPIToken = try session.screen()
        try session.press("Enter")

        try session.waitFor(pickerPrompt)
        usleep(settle)
        try session.press("Enter")

        try session.waitFor(emailPrompt)
        usleep(settle)
        try session.type(fixture.email)
        try session.press("Enter")

        let status = try session.waitForLine(in: files + "/status")
        return (afterZeroToken, afterAPIToken, status, try session.screen())
    }

    @Test func endOfInputAtTheTokenPromptIsAnError() async throws {
        try await CLIFixture.with { fixture in
            let (status, screen) = try await onOwnThread {
                let (session, files) = try Self.session(fixture)
                defer {
                    session.kill()
                    try? FileManager.default.removeItem(atPath: files)
                }
                try session.waitFor(Self.zeroPrompt)
                usleep(Self.settle)
                try session.press("C-d")
                let status = try session.waitForLine(in: files + "/status", timeout: .seconds(10))
                return (status, try session.screen())
            }
            #expect(status == "1", "exit status \(status):\n\(screen)")
            let message = screen.split(separator: "\n").first { $0.contains("input ended") }
            #expect(message?.contains("POMERIUM_ZERO_TOKEN") == true, "no message naming the token:\n\(screen)")
            #expect(!screen.contains(Self.apiPrompt), "EOF was taken as a value:\n\(screen)")
            #expect(!screen.contains("is required"), "EOF was taken as an empty value:\n\(screen)")
            #expect(try fixture.installContents().isEmpty)
        }
    }

    @Test func interruptAtTheHiddenPromptExits130WithEchoRestored() async throws {
        try await CLIFixture.with { fixture in
            let seen = try await onOwnThread { try Self.interrupt(fixture) }
            #expect(Self.flags(seen.sttyAtPrompt).contains("-echo"), "echo is on at the token prompt:\n\(seen.sttyAtPrompt)")
            #expect(seen.status == "130", "exit status \(seen.status):\n\(seen.final)")
            #expect(seen.final.contains("interrupted; run pomclaw again"), "no word of the interrupt:\n\(seen.final)")
            #expect(Self.flags(seen.sttyAfter).contains("echo"), "echo is off after Ctrl-C:\n\(seen.sttyAfter)")
            #expect(!Self.flags(seen.sttyAfter).contains("-echo"))
            #expect(!seen.final.contains("half-typed"), "text typed at the hidden prompt shows:\n\(seen.final)")
            #expect(seen.final.contains("echoed-after-interrupt"))
        }
    }

    /// Presses Ctrl-C while the token prompt waits; the pane then runs `cat`, so text typed
    /// afterwards shows only if the terminal echoes again. Returns `stty -a` of the pane at the
    /// prompt and after pomclaw exited.
    private static func interrupt(_ fixture: CLIFixture) throws
        -> (sttyAtPrompt: String, status: String, sttyAfter: String, final: String)
    {
        let (session, files) = try session(fixture) { files in
            "; /usr/bin/stty -a > \(TmuxSession.quoted(files + "/stty")); exec /bin/cat"
        }
        defer {
            session.kill()
            try? FileManager.default.removeItem(atPath: files)
        }
        try session.waitFor(zeroPrompt)
        usleep(settle)
        let sttyAtPrompt = try ChildProcess.run(
            ["/usr/bin/stty", "-a", "-F", try session.paneTTY()], environment: [:], timeout: .seconds(10)).stdout
        try session.type("half-typed")
        try session.press("C-c")

        let status = try session.waitForLine(in: files + "/status", timeout: .seconds(10))
        let sttyAfter = try session.waitForLine(in: files + "/stty", timeout: .seconds(10))
        try session.type("echoed-after-interrupt")
        _ = try? session.waitFor("echoed-after-interrupt", timeout: .seconds(5))
        return (sttyAtPrompt, status, sttyAfter, try session.screen())
    }

    /// The words of `stty -a` output (flags such as `echo`, `-echo`).
    private static func flags(_ sttyOutput: String) -> Set<String> {
        Set(sttyOutput.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init))
    }
}
