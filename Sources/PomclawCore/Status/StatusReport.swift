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

    /// True when nothing is drifted, missing or in error (skipped groups do not count: the
    /// Zero group is skipped when no API token is at hand, which is the normal state).
    public var allInPlace: Bool {
        groups.allSatisfy { $0.entries.allSatisfy { $0.state == .ok || $0.state == .skipped } }
    }

    /// 0 when everything is in place, else 1.
    public var exitCode: Int32 { allInPlace ? 0 : 1 }
}
