import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ReportPrinterTests {
    @Test func thePlanListsEveryStepAndItsChanges() {
        let report = RunReport(steps: [
            StepReport(id: "a", title: "Settings file .env", outcome: .alreadyDone(nil)),
            StepReport(id: "b", title: "SSH keys", outcome: .wouldChange(Plan(["generate x", "generate y"]))),
            StepReport(id: "c", title: "Cluster", outcome: .wouldChange(Plan(["replace CA"], confirmation: "another CA"))),
        ])
        let lines = ReportPrinter.plan(report)
        #expect(lines.contains("  = Settings file .env: already done"))
        #expect(lines.contains("  + SSH keys:"))
        #expect(lines.contains("      generate y"))
        #expect(lines.contains("      needs confirmation (--yes): another CA"))
        #expect(lines.last == "2 steps would change. Run without --dry-run to apply.")
        #expect(ReportPrinter.plan(RunReport(steps: [report.steps[0]])).last == "Nothing to change.")
    }

    @Test func theClosingMessageNamesBothRoutes() {
        let report = RunReport(steps: [
            StepReport(id: "a", title: "A", outcome: .alreadyDone(nil)),
            StepReport(id: "b", title: "B", outcome: .changed(["x"])),
        ])
        let text = ReportPrinter.closing(report, settings: .example)
        #expect(text.contains("1 step changed, 1 already done"))
        #expect(text.contains("https://openclaw.trusted-dog-1049.pomerium.app"))
        #expect(text.contains("ssh claw@openclaw@trusted-dog-1049.pomerium.app -p 2200"))
        let moved = ReportPrinter.closing(report, settings: .example, sshPort: "2222")
        #expect(moved.contains("ssh claw@openclaw@trusted-dog-1049.pomerium.app -p 2222"))
    }

    @Test func theSummarySaysWhatToDoNextAndHowToComeBack() {
        let report = RunReport(steps: [StepReport(id: "a", title: "A", outcome: .alreadyDone(nil))])
        let text = ReportPrinter.closing(
            report, settings: .example, sshPort: "2222", directory: "/srv/openclaw", apiTokenNote: ReportPrinter.apiTokenNotSaved)
        #expect(text.hasPrefix("Done (nothing to change: all 1 steps were already done)."))
        #expect(text.contains("ssh claw@openclaw@trusted-dog-1049.pomerium.app -p 2222"))
        #expect(text.contains("Next steps, in /srv/openclaw:") && text.contains("Later, in /srv/openclaw:"))
        // `--user`: Compose v1 and v2 both take it (the console spells `docker compose` for v1).
        #expect(text.contains("docker compose exec --user claw openclaw-gateway openclaw models set <provider>/<model>"))
        // The command that needs the API token says how it gets one, beside the advice to revoke it.
        #expect(text.contains("pomclaw access add EMAIL\n     (it asks for an API token, or takes --api-token-file PATH)"))
        #expect(text.contains("pomclaw status"))
        #expect(text.contains("pomclaw upgrade --openclaw VERSION  move to another OpenClaw release (pinned: \(Settings.example.openclawVersion))"))
        #expect(text.hasSuffix("`access`, `uninstall` and a full `status` then ask for a new one."))
        #expect(!ReportPrinter.closing(report, settings: .example).contains("API token was not saved"))
        #expect(!text.contains("\u{1B}"))
    }
}
