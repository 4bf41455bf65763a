/// What an OpenClaw release can do that pomclaw's choices depend on: the one table of
/// release-dependent behaviour. Every version-dependent decision — what the gateway's config
/// holds, which request headers the web route sets in Pomerium Zero, whether an upgrade may
/// go back — reads it, so moving to a new release is a change here and nowhere else.
public struct OpenClawCapabilities: Sendable, Equatable {
    /// A behaviour that exists from one release on (and, for retired ones, until another).
    public enum Feature: String, Sendable, CaseIterable {
        /// `gateway.controlUi.dangerouslyDisableDeviceAuth` lets a trusted-proxy browser use
        /// the Control UI without a paired device, keeping the scopes it asks for.
        case deviceAuthExemption
        /// `gateway.auth.trustedProxy.deviceAutoApprove`: a new browser behind the proxy is
        /// paired without approval, with at most the configured scopes (never admin unless
        /// listed).
        case deviceAutoApprove
        /// `gateway.auth.identityScopes`: per-identity scopes added to a trusted-proxy
        /// connection (email → scopes).
        case identityScopes
        /// The release migrates OpenClaw's database one way: older releases refuse to start on
        /// it afterwards.
        case oneWayMigration
    }

    /// One row of the table.
    struct Row {
        var feature: Feature
        var since: OpenClawRelease?
        var until: OpenClawRelease?
        var source: String
    }

    /// The first release with the trusted-proxy Control UI without the exemption flag:
    /// 2026.8.1, the first stable release after 2026.7.1-2 (no stable 2026.7.2 exists).
    public static let deviceAuthRework = OpenClawRelease(year: 2026, month: 8, number: 1)

    static let table: [Row] = [
        Row(
            feature: .deviceAuthExemption, since: nil, until: deviceAuthRework,
            source: "openclaw-audit.md #30 (honoured at 2026.6.5); openclaw-versions.md §1: retired on main in the "
                + "7.2 betas, honoured in 2026.7.1, inert in 2026.9.1; 2026.8.1 is the first stable release after"),
        Row(
            feature: .deviceAutoApprove, since: deviceAuthRework, until: nil,
            source: "openclaw-versions.md §1 'Where it exists': absent (strict-schema error) up to 2026.7.1-2, "
                + "first regular release 2026.8.1"),
        Row(
            feature: .identityScopes, since: deviceAuthRework, until: nil,
            source: "openclaw-versions.md §2 'Schema and first release': main from 2026-08-10, so 2026.8.1; "
                + "a strict-schema error before"),
        Row(
            feature: .oneWayMigration, since: deviceAuthRework, until: nil,
            source: "openclaw-versions.md §6 'data': one-way database migration in the 7.2 train, first stable "
                + "2026.8.1; a pre-7.2 binary refuses to start on it"),
    ]

    /// The oldest release pomclaw installs: the guide's pin. pomclaw writes the gateway's
    /// config with `config patch --stdin` (docs/cli/config.md, on main since 2026-04-29).
    public static let oldestSupported = OpenClawRelease(year: 2026, month: 6, number: 5)
    /// The newest release pomclaw was checked against (openclaw-versions.md §0: the newest
    /// stable found, 2026-10-03). Newer releases are treated like it.
    public static let newestKnown = OpenClawRelease(year: 2026, month: 9, number: 8)

    public let release: OpenClawRelease

    public init(_ release: OpenClawRelease) {
        self.release = release
    }

    /// The capabilities of a version string; nil when it is not a release (see
    /// `OpenClawRelease.init`).
    public init?(version: String) {
        guard let release = OpenClawRelease(version) else { return nil }
        self.init(release)
    }

    /// Whether this release has `feature`.
    public func has(_ feature: Feature) -> Bool {
        guard let row = Self.table.first(where: { $0.feature == feature }) else { return false }
        if let since = row.since, release < since { return false }
        if let until = row.until, release >= until { return false }
        return true
    }

    /// Whether going from `old` to `new` crosses a one-way migration downwards: `new` cannot
    /// start on the data `old` left.
    public static func isDowngradeAcrossMigration(from old: OpenClawRelease, to new: OpenClawRelease) -> Bool {
        OpenClawCapabilities(old).has(.oneWayMigration) && !OpenClawCapabilities(new).has(.oneWayMigration)
    }

    /// Whether going from `old` to `new` runs a one-way migration for the first time.
    public static func isUpgradeAcrossMigration(from old: OpenClawRelease, to new: OpenClawRelease) -> Bool {
        !OpenClawCapabilities(old).has(.oneWayMigration) && OpenClawCapabilities(new).has(.oneWayMigration)
    }

    // MARK: Scopes

    /// The scope that satisfies every operator check (openclaw-versions.md §2, scopes table).
    public static let adminScope = "operator.admin"

    /// The scopes a browser behind Pomerium is paired with on releases with device
    /// auto-approval: the documented default list (`read`, `write`, `approvals`; DH
    /// docs/gateway/trusted-proxy-auth.md:133-135) plus `questions`, which newer sources add
    /// so the Control UI's question features keep working (openclaw-versions.md §1). Never
    /// admin: that comes per identity (`identityScopes`), so a new browser of someone who is
    /// not the operator gets no admin device.
    public static let autoApprovedScopes = ["operator.read", "operator.write", "operator.approvals", "operator.questions"]

    /// Whether the web route must cap the Control UI's scopes with `x-openclaw-scopes:
    /// operator.admin`. Before the rework the header is how the Pomerium user gets admin on a
    /// device-less session (openclaw-audit.md #28/#29). From it on, the header caps the union
    /// of device and identity scopes by exact name, so `operator.admin` would strip every
    /// auto-approved device of all its scopes (openclaw-versions.md §1 last table row, §2):
    /// the route sends no such header.
    public var webRouteSendsScopesHeader: Bool { !has(.identityScopes) }
}
