import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing

/// A step whose checks answer from a script and whose applies are counted.
final class ScriptedStep: Step, Sendable {
    let id: String
    let title: String
    private let state: Mutex<(checks: [CheckResult], applies: Int)>
    private let applyError: PomclawError?

    init(_ id: String, checks: [CheckResult], applyError: PomclawError? = nil) {
        self.id = id
        self.title = "step \(id)"
        self.applyError = applyError
        state = Mutex((checks, 0))
    }

    var applies: Int { state.withLock { $0.applies } }

    func check(_ context: Context) async throws -> CheckResult {
        try state.withLock { state in
            guard !state.checks.isEmpty else {
                Issue.record("\(id): unexpected extra check")
                throw UnstubbedCall(name: "\(id).check")
            }
            return state.checks.count == 1 ? state.checks[0] : state.checks.removeFirst()
        }
    }

    func apply(_ context: Context) async throws {
        state.withLock { $0.applies += 1 }
        if let applyError { throw applyError }
    }
}

@Suite struct RunnerTests {
    let change = CheckResult.changes(Plan(["create thing"]))

    @Test func appliesOnlyWhatIsMissingAndReportsEachStep() async {
        let done = ScriptedStep("a", checks: [.done("fine")])
        let converging = ScriptedStep("b", checks: [change, .done()])
        let report = await Runner([done, converging]).run(.fake())
        #expect(done.applies == 0)
        #expect(converging.applies == 1)
        #expect(report.steps.map(\.outcome) == [.alreadyDone("fine"), .changed(["create thing"])])
        #expect(report.exitCode == 0)
    }

    @Test func aStepThatNeverConvergesFailsTheRun() async {
        let stuck = ScriptedStep("stuck", checks: [change])
        let later = ScriptedStep("later", checks: [])
        let console = FakeConsole()
        let report = await Runner([stuck, later]).run(.fake(console: console))
        #expect(stuck.applies == 1)
        guard case .failed(let message) = report.steps[0].outcome else {
            Issue.record("expected failure, got \(report.steps[0].outcome)")
            return
        }
        #expect(message.contains("did not converge"))
        #expect(message.contains("create thing"))
        #expect(report.steps[1].outcome == .notRun)
        #expect(report.exitCode == 1)
        #expect(console.displayedLines.contains { $0.contains("did not converge") })
    }

    @Test func dryRunNeverApplies() async {
        let first = ScriptedStep("a", checks: [change])
        let second = ScriptedStep("b", checks: [.done()])
        let context = Context.fake(options: RunOptions(nonInteractive: true, dryRun: true))
        let report = await Runner([first, second]).run(context)
        #expect(first.applies == 0)
        #expect(second.applies == 0)
        #expect(report.steps[0].outcome == .wouldChange(Plan(["create thing"])))
        #expect(report.exitCode == 2)
    }

    @Test func dryRunWithNothingToDoExitsZero() async {
        let context = Context.fake(options: RunOptions(dryRun: true))
        let report = await Runner([ScriptedStep("a", checks: [.done()])]).run(context)
        #expect(report.exitCode == 0)
    }

    @Test func aFailingApplyStopsTheRun() async {
        let failing = ScriptedStep("a", checks: [change], applyError: PomclawError("boom", next: "fix it"))
        let later = ScriptedStep("b", checks: [])
        let report = await Runner([failing, later]).run(.fake())
        #expect(report.steps[0].outcome == .failed("boom\nNext: fix it"))
        #expect(report.steps[1].outcome == .notRun)
        #expect(report.exitCode == 1)
    }

    @Test func aBlockedStepChangesNothingAndStops() async {
        let reason = PomclawError("key file truncated", next: "restore it")
        let blocked = ScriptedStep("a", checks: [.blocked(reason)])
        let report = await Runner([blocked]).run(.fake())
        #expect(blocked.applies == 0)
        #expect(report.steps[0].outcome == .blocked(reason))
        #expect(report.exitCode == 1)
    }

    @Test func confirmationWithoutATerminalRequiresYes() async {
        let risky = CheckResult.changes(Plan(["replace CA"], confirmation: "another CA is set"))
        let step = ScriptedStep("a", checks: [risky, .done()])
        let report = await Runner([step]).run(.fake())
        #expect(step.applies == 0)
        guard case .blocked(let error) = report.steps[0].outcome else {
            Issue.record("expected blocked")
            return
        }
        #expect(error.nextAction.contains("--yes"))

        let accepted = ScriptedStep("a", checks: [risky, .done()])
        let yes = Context.fake(options: RunOptions(assumeYes: true, nonInteractive: true))
        let second = await Runner([accepted]).run(yes)
        #expect(accepted.applies == 1)
        #expect(second.exitCode == 0)
    }

    @Test func confirmationOnATerminalAsks() async {
        let risky = CheckResult.changes(Plan(["replace CA"], confirmation: "another CA is set"))
        let yesStep = ScriptedStep("a", checks: [risky, .done()])
        let yesConsole = FakeConsole(canPrompt: true, answers: ["y"])
        _ = await Runner([yesStep]).run(.fake(console: yesConsole))
        #expect(yesStep.applies == 1)
        #expect(yesConsole.prompts.count == 1)

        let noStep = ScriptedStep("a", checks: [risky])
        let noConsole = FakeConsole(canPrompt: true, answers: [""])
        let report = await Runner([noStep]).run(.fake(console: noConsole))
        #expect(noStep.applies == 0)
        #expect(report.exitCode == 1)

        let eofStep = ScriptedStep("a", checks: [risky])
        let eofConsole = FakeConsole(canPrompt: true, answers: [nil])
        let eof = await Runner([eofStep]).run(.fake(console: eofConsole))
        #expect(eofStep.applies == 0)
        #expect(eof.exitCode == 1)
    }
}
