/// What `pomclaw status` found: every step's check, read-only, grouped for people.
public struct StatusReport: Sendable, Equatable {
    /// How one thing pomclaw manages stands.
    public enum State: String, Sendable, Equatable, Codable {
        /// In place as pomclaw would leave it.
        case ok
        /// Present, but different from what it should be.
        case drifted
        /// Absent.
        case missing
        /// The check could not tell (blocked, or it failed); the detail says why.
        case error
        /// Not checked, and why is in the detail (e.g. no API token for the Zero group).
        case skipped
    }

    /// One step's finding.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var title: String
        public var state: State
        /// What was found (ok), why it could not be checked (error, skipped).
        public var detail: String?
        /// What differs or is absent, one line each (drifted, missing).
        public var changes: [String]

        public init(id: String, title: String, state: State, detail: String? = nil, changes: [String] = []) {
            self.id = id
            self.title = title
            self.state = state
            self.detail = detail
            self.changes = changes
        }
    }

    /// A named group of entries, e.g. "containers".
    public struct Group: Sendable, Equatable {
        public var name: String
        public var entries: [Entry]

        public init(name: String, entries: [Entry]) {
            self.name = name
            self.entries = entries
        }
    }

    public var groups: [Group]

    public init(groups: [Group]) {
        self.groups = groups
    }

    /// True when nothing is drifted, missing or in error (skipped checks do not count here;
    /// `complete` says whether there were any).
    public var allInPlace: Bool {
        groups.allSatisfy { $0.entries.allSatisfy { $0.state == .ok || $0.state == .skipped } }
    }

    /// True when every check ran: none was skipped.
    public var complete: Bool { skipped.isEmpty }

    /// The groups with skipped checks: each group's name, how many were skipped and why.
    public var skipped: [(group: String, count: Int, reason: String)] {
        groups.compactMap { group in
            let skipped = group.entries.filter { $0.state == .skipped }
            guard let first = skipped.first else { return nil }
            return (group.name, skipped.count, first.detail ?? "not checked")
        }
    }

    /// 0 when every check ran and everything is in place; 1 when something is drifted, missing
    /// or in error; 3 when what was checked is in place but some checks were skipped (the
    /// UNKNOWN of monitoring checks: a script must not read it as all clear).
    public var exitCode: Int32 {
        guard allInPlace else { return 1 }
        return complete ? 0 : Self.incompleteExitCode
    }

    /// The exit code of "in place as far as checked".
    public static let incompleteExitCode: Int32 = 3
}
