import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The whole interactive journey of `pomclaw install` on a real terminal (a tmux pane), against
/// the Zero API simulator and the fake Docker host: the prompts, the cluster picker, the
/// numbered step list, the offer to remove the API token from `.env`, the closing summary and
/// the run log. The final screens are compared with `Snapshots/`.
@Suite(.serialized) struct TerminalJourneyTests {
    typealias Prompts = TerminalPromptTests
    static var stepCount: Int { InstallPlan.steps.count }

    /// The step-list lines of `screen` (those starting `[n/N]`).
    static func stepLines(_ screen: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter {
            $0.range(of: #"^\[ ?\d+/\#(stepCount)\] "#, options: .regularExpression) != nil
        }
    }

    /// The numbers of the step-list lines, in screen order.
    static func numbers(_ lines: [String]) -> [Int] {
        lines.compactMap { line in
            line.dropFirst().split(separator: "/").first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// The run logs in the install directory.
    static func logs(_ fixture: CLIFixture) throws -> [String] {
        let folder = fixture.install.file(".pomclaw/logs")
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
    }

    @Test func threeClustersInTwoOrganizationsFromFirstPromptToSummary() async throws {
        try await CLIFixture.with(clusterCount: 3, organizationCount: 2) { fixture in
            let seen = try await onOwnThread { try Self.answerEveryPrompt(fixture) }
            let screen = seen.final
            #expect(seen.status == "0", "pomclaw exited \(seen.status):\n\(screen)")
            #expect(!seen.afterZeroToken.contains(fixture.zeroToken), "the cluster token is on the screen")
            #expect(!seen.afterAPIToken.contains(fixture.apiToken), "the API token is on the screen")
            #expect(!screen.contains(fixture.zeroToken) && !screen.contains(fixture.apiToken))

            let order = [Prompts.zeroPrompt, Prompts.apiPrompt, "Found 3 clusters", Prompts.pickerPrompt, Prompts.emailPrompt,
                         "[ 1/\(Self.stepCount)]", "Done (", "Web route:", "Next steps, in "]
            let positions = order.map { screen.range(of: $0)?.lowerBound }
            #expect(!positions.contains(nil), "missing on the screen: \(zip(order, positions).filter { $0.1 == nil }.map(\.0))\n\(screen)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "out of order:\n\(screen)")

            // The newest cluster, in the second organization, is [1] and the default.
            #expect(screen.contains("[1] cluster-3"), "\(screen)")
            #expect(screen.contains("Using cluster: cluster-3 (test-cluster-3.pomerium.app)"))
            #expect(fixture.sim.routes(org: fixture.orgs[1]).count == 2)
            #expect(fixture.sim.routes(org: fixture.orgs[0]).isEmpty)

            // Every step once, numbered 1…N in order, each done.
            let steps = Self.stepLines(screen)
            #expect(Self.numbers(steps) == Array(1...Self.stepCount), "the step list:\n\(steps.joined(separator: "\n"))")
            #expect(steps.allSatisfy { $0.contains(" ✓ ") }, "\(steps)")
            #expect(!screen.contains("⠋") && !screen.contains("⠙"), "a spinner frame stayed on the screen:\n\(screen)")

            #expect(screen.contains("Web route: https://openclaw.test-cluster-3.pomerium.app"))
            #expect(screen.contains("SSH route: ssh claw@openclaw@test-cluster-3.pomerium.app -p 2200"))
            #expect(screen.contains("openclaw models set <provider>/<model>"))
            #expect(screen.contains("pomclaw upgrade --openclaw VERSION"))
            #expect(screen.contains("The API token was not saved"))

            // The run log: 0600, every line shown and the Docker calls, no secret.
            let logs = try Self.logs(fixture)
            #expect(logs.count == 1)
            let log = try String(contentsOfFile: logs[0], encoding: .utf8)
            let mode = try FileManager.default.attributesOfItem(atPath: logs[0])[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(log.contains("✓ Settings file .env — changed"), "\(log)")
            #expect(log.contains("Web route: https://openclaw.test-cluster-3.pomerium.app"))
            #expect(log.contains("(detail) docker: "), "the log lacks the Docker calls")
            #expect(log.contains("(detail) zero: "), "the log lacks the Zero API calls")
            #expect(log.contains(Prompts.apiPrompt + "(hidden)"))
            try Self.expectNoSecrets(in: log, fixture)

            try Snapshot.expect(
                Snapshot.normalised(screen, paths: [fixture.install.path: "<install>", PomclawProcess.executable.path: "<pomclaw>"]), named: "install-three-clusters")
        }
    }

    /// Fails when the text holds either token, an ID token the simulator issued or a line of a
    /// private key in `keys/`.
    static func expectNoSecrets(in text: String, _ fixture: CLIFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = PomclawProcess.Result(status: 0, stdout: text, stderr: "", duration: .zero)
        try fixture.expectNoSecrets(in: [result], sourceLocation: sourceLocation)
    }

    /// Answers each prompt as it appears; returns the screens after each token was typed and
    /// the final one. Blocking: run it on a thread of its own.
    private static func answerEveryPrompt(_ fixture: CLIFixture) throws
        -> (afterZeroToken: String, afterAPIToken: String, status: String, final: String)
    {
        let (session, files) = try Prompts.session(fixture)
        defer {
            session.kill()
            try? FileManager.default.removeItem(atPath: files)
        }
        try session.waitFor(Prompts.zeroPrompt)
        usleep(Prompts.settle)
        try session.type(fixture.zeroToken)
        usleep(Prompts.settle)
        let afterZeroToken = try session.screen()
        try session.press("Enter")

        try session.waitFor(Prompts.apiPrompt)
        usleep(Prompts.settle)
        try session.type(fixture.apiToken)
        usleep(Prompts.settle)
        let afterAPIToken = try session.screen()
        try session.press("Enter")

        try session.waitFor(Prompts.pickerPrompt)
        usleep(Prompts.settle)
        try session.press("Enter")

        try session.waitFor(Prompts.emailPrompt)
        usleep(Prompts.settle)
        try session.type(fixture.email)
        try session.press("Enter")

        let status = try session.waitForLine(in: files + "/status")
        return (afterZeroToken, afterAPIToken, status, try session.screen())
    }

    /// `.env` as a user who followed the guide left it: every setting, their own lines, and the
    /// API token.
    static func envWithToken(_ fixture: CLIFixture) -> String {
        """
        # my notes: this host runs OpenClaw
        POMERIUM_ZERO_TOKEN=\(fixture.zeroToken)
        POMERIUM_CLUSTER_DOMAIN=\(fixture.clusters[0].fqdn)
        POMERIUM_ZERO_API_TOKEN=\(fixture.apiToken)
        export MY_OWN_SETTING="kept   as is"  # mine
        OPERATOR_EMAIL=\(fixture.email)
        OPENCLAW_VERSION=2026.6.5

        """
    }

    @Test(arguments: ["y", "N"]) func theAPITokenInEnvIsRemovedOnlyWhenTheAnswerIsYes(answer: String) async throws {
        try await CLIFixture.with { fixture in
            let original = Self.envWithToken(fixture)
            try Data(original.utf8).write(to: URL(fileURLWithPath: fixture.install.file(".env")))
            chmod(fixture.install.file(".env"), 0o600)

            let (status, screen) = try await onOwnThread { () -> (String, String) in
                let (session, files) = try Prompts.session(fixture)
                defer {
                    session.kill()
                    try? FileManager.default.removeItem(atPath: files)
                }
                try session.waitFor(TokenScrub.question, timeout: .seconds(60))
                usleep(Prompts.settle)
                try session.type(answer)
                try session.press("Enter")
                return (try session.waitForLine(in: files + "/status"), try session.screen())
            }
            #expect(status == "0", "pomclaw exited \(status):\n\(screen)")
            #expect(!screen.contains(fixture.apiToken) && !screen.contains(fixture.zeroToken))
            #expect(!screen.contains(Prompts.zeroPrompt), "a setting in .env was asked for:\n\(screen)")
            #expect(screen.contains("POMERIUM_ZERO_API_TOKEN is in .env"))
            #expect(screen.contains("https://console.pomerium.app/app/management/api-tokens"))
            let positions = [TokenScrub.question, "Web route:"].map { screen.range(of: $0)?.lowerBound }
            #expect(positions[0] != nil && positions[1] != nil && positions[0]! < positions[1]!, "\(screen)")

            let env = try String(contentsOfFile: fixture.install.file(".env"), encoding: .utf8)
            let mode = try FileManager.default.attributesOfItem(atPath: fixture.install.file(".env"))[.posixPermissions] as? Int
            #expect(mode == 0o600)
            if answer == "y" {
                let expected = original.replacingOccurrences(of: "POMERIUM_ZERO_API_TOKEN=\(fixture.apiToken)\n", with: "")
                #expect(env == expected, "exactly the token line goes:\n\(env)")
                #expect(screen.contains("Removed POMERIUM_ZERO_API_TOKEN from .env"))
                try Snapshot.expect(
                    Snapshot.normalised(screen, paths: [fixture.install.path: "<install>", PomclawProcess.executable.path: "<pomclaw>"]), named: "install-scrub-token")
            } else {
                #expect(env == original, "the file changed:\n\(env)")
                #expect(screen.contains("Kept POMERIUM_ZERO_API_TOKEN in .env"))
            }
            let log = try String(contentsOfFile: try Self.logs(fixture)[0], encoding: .utf8)
            #expect(log.contains(TokenScrub.question + answer))
            try Self.expectNoSecrets(in: log, fixture)
        }
    }

    @Test func ctrlCWhileAStepRunsErasesTheSpinnerAndNamesTheRunLog() async throws {
        try await CLIFixture.with(dockerSettings: ["FAKE_DOCKER_BUILD_MS": "60000"]) { fixture in
            let arguments = fixture.arguments().map(TmuxSession.quoted).joined(separator: " ")
            let (status, screen, spinning) = try await onOwnThread { () -> (String, String, String) in
                let scratch = try TemporaryDirectory("pomclaw-tmux-files")
                let command = "trap : INT; \(TmuxSession.quoted(PomclawProcess.executable.path)) \(arguments) --dir "
                    + "\(TmuxSession.quoted(fixture.install.path)); echo $? > \(TmuxSession.quoted(scratch.file("status")))"
                let running = try TmuxSession(command: command, environment: fixture.environment)
                defer {
                    running.kill()
                    scratch.remove()
                }
                // The image build takes a minute: its title shows on the in-flight line.
                let spinning = try running.waitFor("OpenClaw image", timeout: .seconds(30))
                usleep(Prompts.settle)
                try running.press("C-c")
                return (try running.waitForLine(in: scratch.file("status"), timeout: .seconds(10)), try running.screen(), spinning)
            }
            let inFlight = spinning.split(separator: "\n").map(String.init).filter { Self.isSpinnerLine($0) }
            #expect(inFlight.count == 1 && inFlight[0].contains("OpenClaw image"), "no in-flight line:\n\(spinning)")
            // The step in flight carries its own number in the plan, as its line will.
            let image = (InstallPlan.steps.firstIndex { $0.id == ImageStep().id } ?? 0) + 1
            #expect(inFlight.first?.contains("[\(image < 10 ? " " : "")\(image)/\(Self.stepCount)] OpenClaw image") == true,
                "\(inFlight)")
            #expect(status == "130", "exit status \(status):\n\(screen)")
            // The build pomclaw stopped is the interrupt, not a failed build with its advice.
            #expect(!screen.contains("status 143") && !screen.contains("npm"), "\(screen)")
            #expect(screen.contains("interrupted; run pomclaw again"), "\(screen)")
            let logs = try Self.logs(fixture)
            #expect(logs.count == 1)
            #expect(screen.contains("run log: \(logs[0])"), "\(screen)")
            let last = screen.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("Pane is dead") }
            #expect(!last.contains { Self.isSpinnerLine($0) }, "the in-flight line stayed:\n\(screen)")
            let log = try String(contentsOfFile: logs[0], encoding: .utf8)
            #expect(log.contains("interrupted (Ctrl-C or SIGTERM)"), "\(log)")
        }
    }

    static func isSpinnerLine(_ line: String) -> Bool {
        TerminalConsoleFrames.all.contains { line.hasPrefix($0) }
    }

    @Test func withoutATerminalTheLinesArePlainAndTheFlagsDecideAboutTheToken() async throws {
        try await CLIFixture.with { fixture in
            try Data(Self.envWithToken(fixture).utf8).write(to: URL(fileURLWithPath: fixture.install.file(".env")))
            chmod(fixture.install.file(".env"), 0o600)
            let both = try await fixture.run(["install", "--scrub-token", "--keep-token"])
            #expect(both.status == 64, "\(both.stderr)")

            let kept = try await fixture.run(["install", "--non-interactive"])
            #expect(kept.status == 0, "\(kept.stderr)")
            #expect(!kept.stderr.contains("\u{1B}") && !kept.stdout.contains("\u{1B}"), "an escape code without a terminal")
            let steps = Self.stepLines(kept.stderr)
            #expect(Self.numbers(steps) == Array(1...Self.stepCount), "\(kept.stderr)")
            #expect(kept.stderr.contains("Kept POMERIUM_ZERO_API_TOKEN in .env. To remove it later"))
            #expect(kept.stderr.contains("Web route: https://openclaw.\(fixture.clusters[0].fqdn)"))
            #expect(try String(contentsOfFile: fixture.install.file(".env"), encoding: .utf8) == Self.envWithToken(fixture))

            let scrubbed = try await fixture.run(["install", "--scrub-token"])
            #expect(scrubbed.status == 0, "\(scrubbed.stderr)")
            let env = try String(contentsOfFile: fixture.install.file(".env"), encoding: .utf8)
            #expect(!env.contains("POMERIUM_ZERO_API_TOKEN") && env.contains("MY_OWN_SETTING"))

            // Without the token anywhere, the run stops at once and names it.
            let missing = try await fixture.run(["install"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("POMERIUM_ZERO_API_TOKEN") && missing.stderr.contains("--api-token-file"), "\(missing.stderr)")
            #expect(missing.duration < .seconds(10))
            try fixture.expectNoSecrets(in: [both, kept, scrubbed, missing])
            for path in try Self.logs(fixture) {
                try Self.expectNoSecrets(in: try String(contentsOfFile: path, encoding: .utf8), fixture)
            }
        }
    }
}

/// The spinner's frames (kept in step with `TerminalConsole`).
enum TerminalConsoleFrames {
    static let all = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
}
