/// What a step's check found.
public enum CheckResult: Sendable, Equatable {
    /// Nothing to do; the optional detail says what was found (for `status`).
    case done(String? = nil)
    /// `apply` would make exactly these changes.
    case changes(Plan)
    /// The step cannot run now; the error says why and what to do.
    case blocked(PomclawError)
}

/// The changes a step would make, in words a user can review before they happen.
public struct Plan: Sendable, Equatable {
    /// Whether what the step manages is absent, or present but different from what it should
    /// be; `status` reports it as "missing" or "drifted".
    public enum Finding: String, Sendable, Equatable {
        case missing, drifted
    }

    /// One line per change, e.g. "generate ed25519 key keys/pomerium_user_ca_key".
    public var changes: [String]
    /// When set, the changes affect something pomclaw did not create (another setup may
    /// depend on it): the runner asks for confirmation, or requires `--yes` without a terminal.
    public var confirmation: String?
    public var finding: Finding

    public init(_ changes: [String], confirmation: String? = nil, finding: Finding = .drifted) {
        self.changes = changes
        self.confirmation = confirmation
        self.finding = finding
    }
}

/// One idempotent unit of the install.
///
/// A step observes the real world in `check` (read-only, cheap to repeat) and converges it in
/// `apply`. The runner calls `apply` only after a check reported changes, and checks again
/// afterwards: a step whose second check still reports changes has not converged, which is an
/// error.
public protocol Step: Sendable {
    /// A short stable identifier, e.g. `keys`; used in output and `--json`.
    var id: String { get }
    /// What the step takes care of, for people, e.g. "SSH keys".
    var title: String { get }
    /// Reads the current state and says whether the step is done, what it would change, or why
    /// it cannot run. Must not change anything.
    func check(_ context: Context) async throws -> CheckResult
    /// Makes the changes the last check reported. Only called after a check returned `.changes`.
    func apply(_ context: Context) async throws
}
