/// One thing `pomclaw doctor` looked at: what it found and, unless all is well, the next
/// thing to do about it.
public struct DoctorFinding: Sendable, Equatable {
    /// How much a finding matters.
    public enum Severity: String, Sendable, Equatable, Codable {
        /// All is well.
        case ok
        /// Worth a look, but the install can work (e.g. a name that resolves to an address
        /// this host does not have, as behind NAT).
        case warning
        /// The install cannot work like this, or the check could not tell.
        case error
        /// Not checked; the detail says why (e.g. no API token at hand).
        case skipped
    }

    /// A stable identifier, e.g. `port-https`; used in `--json`.
    public var id: String
    /// What was looked at, for people, e.g. "HTTPS port 443".
    public var title: String
    public var severity: Severity
    /// What was found.
    public var detail: String
    /// What to do about it; empty when nothing needs doing.
    public var next: String

    public init(id: String, title: String, severity: Severity, detail: String, next: String = "") {
        self.id = id
        self.title = title
        self.severity = severity
        self.detail = detail
        self.next = next
    }

    static func ok(_ id: String, _ title: String, _ detail: String) -> DoctorFinding {
        DoctorFinding(id: id, title: title, severity: .ok, detail: detail)
    }

    static func skipped(_ id: String, _ title: String, _ reason: String) -> DoctorFinding {
        DoctorFinding(id: id, title: title, severity: .skipped, detail: reason)
    }
}

/// Everything `pomclaw doctor` found, in a fixed order.
public struct DoctorReport: Sendable, Equatable {
    public var findings: [DoctorFinding]

    public init(findings: [DoctorFinding]) {
        self.findings = findings
    }

    /// True when no finding is an error (warnings and skipped checks do not count).
    public var healthy: Bool { !findings.contains { $0.severity == .error } }

    /// 0 when healthy, else 1.
    public var exitCode: Int32 { healthy ? 0 : 1 }

    /// The finding with `id`, if any.
    public subscript(id: String) -> DoctorFinding? { findings.first { $0.id == id } }
}
