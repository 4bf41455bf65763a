/// What happened to one step in a run.
public enum StepOutcome: Sendable, Equatable {
    /// The check found nothing to do.
    case alreadyDone(String?)
    /// Changes were applied and the step then checked as done.
    case changed([String])
    /// Dry run: these changes would be made.
    case wouldChange(Plan)
    /// The step could not run; nothing was changed by it.
    case blocked(PomclawError)
    /// Checking or applying failed, or the step did not converge.
    case failed(String)
    /// Not run because an earlier step stopped the run.
    case notRun
}

/// One step's outcome, with its identity.
public struct StepReport: Sendable, Equatable {
    public var id: String
    public var title: String
    public var outcome: StepOutcome

    public init(id: String, title: String, outcome: StepOutcome) {
        self.id = id
        self.title = title
        self.outcome = outcome
    }
}

/// The outcome of a whole run.
public struct RunReport: Sendable, Equatable {
    public var steps: [StepReport]

    public init(steps: [StepReport]) {
        self.steps = steps
    }

    /// True when any step failed or was blocked.
    public var failed: Bool {
        steps.contains {
            switch $0.outcome {
            case .failed, .blocked: true
            default: false
            }
        }
    }

    /// True when a dry run found something to change.
    public var hasPendingChanges: Bool {
        steps.contains {
            if case .wouldChange = $0.outcome { return true }
            return false
        }
    }

    /// The process exit code this run maps to: 1 on error, 2 when a dry run found changes,
    /// else 0.
    public var exitCode: Int32 {
        if failed { return 1 }
        return hasPendingChanges ? 2 : 0
    }
}
