/// What `pomclaw uninstall` was asked to do beyond the default (stack, routes, policy).
public struct UninstallOptions: Sendable, Equatable {
    /// `--volumes`: `compose down --volumes`.
    public var volumes: Bool
    /// `--clear-cluster-ssh`: also clear the cluster SSH settings pomclaw pushed.
    public var clearClusterSSH: Bool
    /// `--purge` (confirmed): also delete `keys/`, `openclaw-data/` and `.pomclaw/`.
    public var purge: Bool

    public init(volumes: Bool = false, clearClusterSSH: Bool = false, purge: Bool = false) {
        self.volumes = volumes
        self.clearClusterSSH = clearClusterSSH
        self.purge = purge
    }
}

/// One thing `pomclaw uninstall` removes, or says why it leaves, as the survey found it.
public struct UninstallItem: Sendable, Equatable {
    /// What removing the item does.
    public enum Target: Sendable, Equatable {
        /// `compose down` (with `--volumes` when asked).
        case stack(volumes: Bool)
        /// Delete the route with this id.
        case route(id: String)
        /// Delete the "openclaw users" policy with this id.
        case policy(id: String)
        /// PATCH these operations into the cluster's settings, then forget the recorded push.
        case clusterSSH(clusterID: String, operations: [JSONPatchOperation])
        /// Delete these paths of the install directory (relative).
        case localFiles([String])
    }

    /// Whether there is anything to do.
    public enum State: Sendable, Equatable {
        /// Present and pomclaw's: it will be removed. The text says what the removal does.
        case present(String)
        /// Nothing there (the text may say how pomclaw knows).
        case absent(String)
        /// Left on purpose: not pomclaw's to remove, or not asked for. Not a failure.
        case kept(String)
        /// pomclaw's, but it cannot be removed safely; it remains, and the run fails.
        case blocked(String)
    }

    /// What it is, e.g. `web route https://openclaw.example.com`.
    public var name: String
    public var target: Target?
    public var state: State

    public init(_ name: String, _ state: State, target: Target? = nil) {
        self.name = name
        self.state = state
        self.target = target
    }

    /// True when the item is removed by this run.
    public var isPresent: Bool {
        if case .present = state { return true }
        return false
    }

    /// The plan line shown before asking.
    public var planLine: String {
        switch state {
        case .present(let what): "remove  \(name): \(what)"
        case .absent(let why): "absent  \(name)" + (why.isEmpty ? "" : " (\(why))")
        case .kept(let why): "keep    \(name): \(why)"
        case .blocked(let why): "cannot  \(name): \(why)"
        }
    }
}

/// What happened to one item.
public struct UninstallResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case removed
        case alreadyAbsent = "already absent"
        case kept
        case failed
    }

    public var name: String
    public var outcome: Outcome
    /// Why, for kept and failed items; how, for removed ones. One line.
    public var detail: String

    public init(_ name: String, _ outcome: Outcome, _ detail: String = "") {
        self.name = name
        self.outcome = outcome
        self.detail = detail
    }

    /// One result line: the outcome in a column, the item, and the detail.
    public var line: String {
        let label = outcome.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
        return label + name + (detail.isEmpty ? "" : ": " + detail)
    }

    /// 0 when nothing pomclaw manages remains, else 1.
    public static func exitCode(_ results: [UninstallResult]) -> Int32 {
        results.contains { $0.outcome == .failed } ? 1 : 0
    }
}
