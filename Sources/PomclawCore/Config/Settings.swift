/// The resolved inputs of an install.
public struct Settings: Sendable, Equatable {
    /// The cluster bootstrap token for the Pomerium container (`POMERIUM_ZERO_TOKEN`).
    public var zeroToken: Secret
    /// The API user token for the Zero management API (`POMERIUM_ZERO_API_TOKEN`).
    public var apiToken: Secret
    /// The cluster's fqdn, normalised (`POMERIUM_CLUSTER_DOMAIN`).
    public var clusterDomain: String
    /// The identity allowed by the route policy (`OPERATOR_EMAIL`).
    public var operatorEmail: String
    /// The pinned OpenClaw release (`OPENCLAW_VERSION`).
    public var openclawVersion: String

    public static let defaultOpenClawVersion = "2026.6.5"

    public init(
        zeroToken: Secret, apiToken: Secret, clusterDomain: String, operatorEmail: String,
        openclawVersion: String = Settings.defaultOpenClawVersion
    ) {
        self.zeroToken = zeroToken
        self.apiToken = apiToken
        self.clusterDomain = clusterDomain
        self.operatorEmail = operatorEmail
        self.openclawVersion = openclawVersion
    }
}

/// How the user asked this run to behave.
public struct RunOptions: Sendable, Equatable {
    /// Accept confirmations without asking (`--yes`).
    public var assumeYes: Bool
    /// Never prompt, even on a terminal (`--non-interactive`).
    public var nonInteractive: Bool
    /// Only check; never apply (`--dry-run`).
    public var dryRun: Bool

    public init(assumeYes: Bool = false, nonInteractive: Bool = false, dryRun: Bool = false) {
        self.assumeYes = assumeYes
        self.nonInteractive = nonInteractive
        self.dryRun = dryRun
    }
}
