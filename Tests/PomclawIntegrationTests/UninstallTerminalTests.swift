import Foundation
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `pomclaw uninstall --purge` on a real terminal (a tmux pane): the uninstall and the purge
/// are two questions, and declining the purge keeps the keys and the workspace.
@Suite(.serialized) struct UninstallTerminalTests {
    @Test func thePurgeIsAskedSeparatelyAndDecliningItKeepsTheFiles() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let (status, screen) = try await onOwnThread {
                let files = try TemporaryDirectory("pomclaw-tmux-files")
                defer { files.remove() }
                let pomclaw = TmuxSession.quoted(PomclawProcess.executable.path)
                let command = "\(pomclaw) uninstall --purge --dir \(TmuxSession.quoted(fixture.install.path)) "
                    + "--api-token-file \(TmuxSession.quoted(fixture.apiTokenFile)); echo $? > \(TmuxSession.quoted(files.file("status")))"
                let session = try TmuxSession(command: command, environment: fixture.environment)
                defer { session.kill() }
                try session.waitFor("Type 'uninstall' to confirm: ")
                try session.type("uninstall")
                try session.press("Enter")
                try session.waitFor("Type 'purge' to confirm: ")
                try session.type("no")
                try session.press("Enter")
                let status = try session.waitForLine(in: files.file("status"))
                return (status, try session.screen())
            }
            #expect(status == "0", "exit \(status):\n\(screen)")
            #expect(screen.contains("Purge not confirmed"), "\(screen)")
            #expect(fixture.sim.routes(org: fixture.org).isEmpty && fixture.sim.policies(org: fixture.org).isEmpty)
            let left = try fixture.installContents()
            #expect(left.contains("keys") && left.contains("openclaw-data"), "\(left)")
        }
    }
}
