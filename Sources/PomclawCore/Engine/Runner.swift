import Foundation

/// Runs steps: check, apply only what the check says is missing, check again.
///
/// A step that still reports changes after applying has not converged, which fails the run:
/// never a silent success. Steps run in stages; the lanes of a stage run concurrently (the
/// image build against the Zero API calls), each lane in order. A failed or blocked step stops
/// its lane, and the run stops after the stage (later stages depend on earlier ones); lanes
/// beside it finish what they do, so a re-run need not redo their work. A dry run only
/// checks, and carries on past steps with changes so the whole plan is shown. The report lists
/// every step in plan order, whichever lane finished first, and so does the step list the
/// user sees (`StepList`): one numbered line per step, the details in the run log.
public struct Runner: Sendable {
    public let stages: [RunStage]

    /// Every step, in plan order.
    public var steps: [any Step] { stages.flatMap { $0.lanes.flatMap { $0 } } }

    /// The steps one after another.
    public init(_ steps: [any Step]) {
        self.stages = [.sequence(steps)]
    }

    public init(stages: [RunStage]) {
        self.stages = stages
    }

    public func run(_ context: Context) async -> RunReport {
        let list = StepList(titles: steps.map(\.title), console: context.console)
        defer { list.close() }
        var reports: [StepReport] = []
        var stopped = false
        var offset = 0
        for stage in stages {
            // Each lane's first step's place in the plan.
            var firsts: [Int] = []
            for lane in stage.lanes {
                firsts.append(offset)
                offset += lane.count
            }
            if stopped || Task.isCancelled {
                let skipped = stage.lanes.flatMap { $0 }.map { StepReport(id: $0.id, title: $0.title, outcome: .notRun) }
                for (index, report) in skipped.enumerated() { list.finished(firsts[0] + index, report) }
                reports += skipped
                continue
            }
            if let prefetch = stage.prefetch { await prefetch(context) }
            let lanes = await withTaskGroup(of: (Int, [StepReport]).self) { group in
                for (index, lane) in stage.lanes.enumerated() {
                    let first = firsts[index]
                    group.addTask { (index, await runLane(lane, first: first, context, list)) }
                }
                var byLane = [[StepReport]](repeating: [], count: stage.lanes.count)
                for await (index, lane) in group { byLane[index] = lane }
                return byLane
            }
            reports += lanes.flatMap { $0 }
            stopped = lanes.joined().contains { report in
                switch report.outcome {
                case .failed, .blocked: true
                default: false
                }
            }
        }
        return RunReport(steps: reports)
    }

    /// One lane's steps in order, stopping at the first that fails or is blocked; `first` is
    /// the place of its first step in the plan.
    private func runLane(_ steps: [any Step], first: Int, _ context: Context, _ list: StepList) async -> [StepReport] {
        var reports: [StepReport] = []
        var stopped = false
        for (offset, step) in steps.enumerated() {
            if stopped || Task.isCancelled {
                let report = StepReport(id: step.id, title: step.title, outcome: .notRun)
                list.finished(first + offset, report)
                reports.append(report)
                continue
            }
            list.started(first + offset)
            let outcome = await run(step, context)
            let report = StepReport(id: step.id, title: step.title, outcome: outcome)
            list.finished(first + offset, report)
            reports.append(report)
            switch outcome {
            case .failed, .blocked: stopped = true
            default: break
            }
        }
        return reports
    }

    /// Checks, applies and checks again; the step list prints the outcome, the run log gets
    /// the details.
    private func run(_ step: any Step, _ context: Context) async -> StepOutcome {
        let console = context.console
        let plan: Plan
        do {
            CrashPoint.reached("\(step.id).check.before")
            let result = try await step.check(context)
            CrashPoint.reached("\(step.id).check.after")
            switch result {
            case .done(let detail):
                return .alreadyDone(detail)
            case .blocked(let error):
                return .blocked(error)
            case .changes(let found):
                plan = found
            }
        } catch {
            console.detail("\(step.title): the check failed")
            return Self.failure(error)
        }

        if context.options.dryRun {
            return .wouldChange(plan)
        }
        if let blocked = confirm(plan, step: step, context: context) {
            return .blocked(blocked)
        }

        console.detail("\(step.title): applying: " + plan.changes.joined(separator: "; "))
        do {
            CrashPoint.reached("\(step.id).apply.before")
            try await step.apply(context)
            CrashPoint.reached("\(step.id).apply.after")
        } catch {
            console.detail("\(step.title): applying failed")
            return Self.failure(error)
        }

        do {
            switch try await step.check(context) {
            case .done:
                return .changed(plan.changes)
            case .changes(let remaining):
                let message =
                    "\(step.title) did not converge: after applying, it still needs: "
                    + remaining.changes.joined(separator: "; ")
                    + "\nNext: run pomclaw again; if this repeats, report it with the run log."
                return .failed(message)
            case .blocked(let error):
                console.detail("\(step.title): blocked after applying")
                return .blocked(error)
            }
        } catch {
            console.detail("\(step.title): the check after applying failed")
            return .failed(error.userMessage)
        }
    }

    /// A step's failure as the step list shows it. After Ctrl-C or SIGTERM, pomclaw stopped the
    /// step's children itself (a build then ends with status 143): that is the interrupt, not
    /// the step's own failure, and its advice would mislead.
    static func failure(_ error: any Error) -> StepOutcome {
        guard SignalCleanup.interrupted == 0 else {
            return .failed("interrupted (Ctrl-C or SIGTERM): pomclaw stopped it\nNext: run pomclaw again to resume.")
        }
        return .failed(error.userMessage)
    }

    /// Asks for confirmation when the plan needs it. Returns the reason the step is blocked,
    /// or nil to go ahead.
    private func confirm(_ plan: Plan, step: any Step, context: Context) -> PomclawError? {
        guard let warning = plan.confirmation, !context.options.assumeYes else { return nil }
        let console = context.console
        guard console.canPrompt else {
            return PomclawError(warning, next: "Re-run with --yes to accept this change.")
        }
        console.warn(warning)
        do {
            let answer = try console.prompt("\(step.title): go ahead? [y/N]: ", secret: false)
            if answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") {
                return nil
            }
        } catch {
            return PomclawError(
                "No answer to the confirmation for \(step.title).",
                next: "Re-run on a terminal, or with --yes to accept.")
        }
        return PomclawError(
            "You declined: \(step.title) was left as it is.",
            next: "Re-run pomclaw when you want to apply it, or with --yes.")
    }
}
