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
}
