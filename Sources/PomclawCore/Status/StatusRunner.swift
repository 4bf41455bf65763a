/// Runs the checks of every step, read-only, and turns their results into a `StatusReport`.
///
/// Checks never change anything, so they run concurrently: the slowest check (one OpenClaw
/// CLI start-up inside the gateway) sets the wall time, not the sum of them all.
public struct StatusRunner: Sendable {
    /// A group of steps, or the reason the whole group cannot be checked.
    public struct Group: Sendable {
        public var name: String
        public var steps: [any Step]
        /// When set, every step of the group is reported as skipped with this reason.
        public var skipReason: String?

        public init(name: String, steps: [any Step], skipReason: String? = nil) {
            self.name = name
            self.steps = steps
            self.skipReason = skipReason
        }
    }

    public let groups: [Group]

    public init(_ groups: [Group]) {
        self.groups = groups
    }

    public func run(_ context: Context) async -> StatusReport {
        await withTaskGroup(of: (Int, Int, StatusReport.Entry).self) { tasks in
            for (groupIndex, group) in groups.enumerated() {
                for (stepIndex, step) in group.steps.enumerated() {
                    tasks.addTask {
                        if let reason = group.skipReason {
                            return (groupIndex, stepIndex, StatusReport.Entry(
                                id: step.id, title: step.title, state: .skipped, detail: reason))
                        }
                        return (groupIndex, stepIndex, await Self.entry(step, context))
                    }
                }
            }
            var found = groups.map { group in
                [StatusReport.Entry?](repeating: nil, count: group.steps.count)
            }
            for await (groupIndex, stepIndex, entry) in tasks {
                found[groupIndex][stepIndex] = entry
            }
            return StatusReport(groups: zip(groups, found).map { group, entries in
                StatusReport.Group(name: group.name, entries: entries.compactMap { $0 })
            })
        }
    }

    /// One step's check as a status entry.
    static func entry(_ step: any Step, _ context: Context) async -> StatusReport.Entry {
        do {
            switch try await step.check(context) {
            case .done(let detail):
                return StatusReport.Entry(id: step.id, title: step.title, state: .ok, detail: detail)
            case .changes(let plan):
                let state: StatusReport.State = plan.finding == .missing ? .missing : .drifted
                return StatusReport.Entry(id: step.id, title: step.title, state: state, changes: plan.changes)
            case .blocked(let error):
                return StatusReport.Entry(id: step.id, title: step.title, state: .error, detail: error.description)
            }
        } catch {
            return StatusReport.Entry(id: step.id, title: step.title, state: .error, detail: error.userMessage)
        }
    }
}
