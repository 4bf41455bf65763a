import Foundation

/// Runs steps in order: check, apply only what the check says is missing, check again.
///
/// A step that still reports changes after applying has not converged, which fails the run:
/// never a silent success. A failed or blocked step stops the run (later steps depend on the
/// earlier ones); a dry run only checks, and carries on past steps with changes so the whole
/// plan is shown.
public struct Runner: Sendable {
    public let steps: [any Step]

    public init(_ steps: [any Step]) {
        self.steps = steps
    }

    public func run(_ context: Context) async -> RunReport {
        var reports: [StepReport] = []
        var stopped = false
        for step in steps {
            if stopped || Task.isCancelled {
                reports.append(StepReport(id: step.id, title: step.title, outcome: .notRun))
                continue
            }
            let outcome = await run(step, context)
            reports.append(StepReport(id: step.id, title: step.title, outcome: outcome))
            switch outcome {
            case .failed, .blocked: stopped = true
            default: break
            }
        }
        return RunReport(steps: reports)
    }

    private func run(_ step: any Step, _ context: Context) async -> StepOutcome {
        let console = context.console
        let plan: Plan
        do {
            switch try await step.check(context) {
            case .done(let detail):
                console.success("\(step.title): already done" + (detail.map { " (\($0))" } ?? ""))
                return .alreadyDone(detail)
            case .blocked(let error):
                console.error("\(step.title): blocked\n\(error.description)")
                return .blocked(error)
            case .changes(let found):
                plan = found
            }
        } catch {
            console.error("\(step.title): check failed\n\(error.userMessage)")
            return .failed(error.userMessage)
        }

        if context.options.dryRun {
            return .wouldChange(plan)
        }
        if let blocked = confirm(plan, step: step, context: context) {
            console.error("\(step.title): blocked\n\(blocked.description)")
            return .blocked(blocked)
        }

        console.info("\(step.title): " + plan.changes.joined(separator: "; "))
        do {
            try await step.apply(context)
        } catch {
            console.error("\(step.title): failed\n\(error.userMessage)")
            return .failed(error.userMessage)
        }

        do {
            switch try await step.check(context) {
            case .done:
                console.success("\(step.title): changed")
                return .changed(plan.changes)
            case .changes(let remaining):
                let message =
                    "\(step.title) did not converge: after applying, it still needs: "
                    + remaining.changes.joined(separator: "; ")
                    + "\nNext: run pomclaw again; if this repeats, report it with the output above."
                console.error(message)
                return .failed(message)
            case .blocked(let error):
                console.error("\(step.title): blocked after applying\n\(error.description)")
                return .blocked(error)
            }
        } catch {
            console.error("\(step.title): check after applying failed\n\(error.userMessage)")
            return .failed(error.userMessage)
        }
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
