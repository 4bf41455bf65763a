import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing

/// Events in the order they happened.
private final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// A step whose apply waits for a gate, or opens one; it records when it ran.
private struct GatedStep: Step {
    let id: String
    var title: String { "step \(id)" }
    let waitsFor: TestGate?
    let opens: TestGate?
    let log: EventLog

    func check(_ context: Context) async throws -> CheckResult {
        log.all.contains("\(id) applied") ? .done() : .changes(Plan(["do \(id)"]))
    }

    func apply(_ context: Context) async throws {
        log.append("\(id) started")
        if let waitsFor { await waitsFor.wait() }
        opens?.open()
        log.append("\(id) applied")
    }
}

@Suite struct RunStageTests {
    /// The first lane's step (the image build) cannot finish until the second lane's steps
    /// (the Zero API calls) have run: only lanes that run concurrently get through.
    @Test(.timeLimit(.minutes(1))) func lanesOfAStageRunConcurrently() async {
        let log = EventLog()
        let zeroDone = TestGate()
        let build = GatedStep(id: "image", waitsFor: zeroDone, opens: nil, log: log)
        let stack = GatedStep(id: "stack", waitsFor: nil, opens: nil, log: log)
        let policy = GatedStep(id: "policy", waitsFor: nil, opens: nil, log: log)
        let route = GatedStep(id: "route", waitsFor: nil, opens: zeroDone, log: log)
        let after = GatedStep(id: "trusted-proxy", waitsFor: nil, opens: nil, log: log)
        let report = await Runner(stages: [
            RunStage(lanes: [[build, stack], [policy, route]]), .sequence([after]),
        ]).run(.fake())
        #expect(report.steps.map(\.id) == ["image", "stack", "policy", "route", "trusted-proxy"])
        #expect(!report.failed)
        let events = log.all
        let index = { (event: String) in events.firstIndex(of: event) ?? -1 }
        #expect(index("image started") < index("route applied"))
        #expect(index("route applied") < index("image applied"))
        #expect(index("image applied") < index("stack started"))
        #expect(index("stack applied") < index("trusted-proxy started"))
    }

    /// A failed lane stops its own later steps and every later stage; the lane beside it
    /// finishes.
    @Test func aFailureStopsItsLaneAndLaterStages() async {
        let failing = ScriptedStep("zero", checks: [.changes(Plan(["x"]))], applyError: PomclawError("no", next: "fix"))
        let afterFailing = ScriptedStep("route", checks: [.done()])
        let beside = ScriptedStep("image", checks: [.changes(Plan(["build"])), .done()])
        let later = ScriptedStep("trusted-proxy", checks: [.done()])
        let report = await Runner(stages: [
            RunStage(lanes: [[beside], [failing, afterFailing]]), .sequence([later]),
        ]).run(.fake())
        #expect(report.steps.map(\.id) == ["image", "zero", "route", "trusted-proxy"])
        #expect(report.steps[0].outcome == .changed(["build"]))
        guard case .failed = report.steps[1].outcome else {
            Issue.record("the failing step was reported as \(report.steps[1].outcome)")
            return
        }
        #expect(beside.applies == 1)
        #expect(report.steps[2].outcome == .notRun)
        #expect(report.steps[3].outcome == .notRun)
        #expect(report.failed)
    }

    /// The install's plan: the local files the build needs first; the image and the gateway's
    /// first config beside the keys and the Zero steps (key generation overlaps the build);
    /// the stack once both are done; the gateway's auth beside the rest of the stack.
    @Test func theImageBuildOverlapsTheKeysAndTheZeroSteps() {
        let stages = InstallPlan.stages
        #expect(stages.map { $0.lanes.map { $0.map(\.id) } } == [
            [["env-file", "stack-files", "legacy-compose", "workspace"]],
            [["gateway-config", "image"], ["keys", "zero-settings", "zero-policy", "zero-route-ssh", "zero-route-web"]],
            [["stack"]],
            [["trusted-proxy"], ["stack-rest"]],
        ])
        #expect(stages[1].prefetch != nil)
    }
}
