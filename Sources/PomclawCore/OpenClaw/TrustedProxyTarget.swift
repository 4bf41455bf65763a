/// What the gateway's config must say for Pomerium to be its only way in: trusted-proxy auth,
/// believing identity headers only from the pomerium container's address on the stack network,
/// listening on the container's network, and — on releases that need it — how a browser behind
/// Pomerium gets its device and the operator gets admin.
public struct TrustedProxyTarget: Sendable, Equatable {
    /// The cluster's fqdn; the Control UI is served at `https://openclaw.<domain>`.
    public var clusterDomain: String
    /// The pomerium container's IPv4 address on `<project>_main`.
    public var pomeriumAddress: String
    /// The operator's email: the identity that gets admin on releases with `identityScopes`.
    public var operatorEmail: String
    /// What the installed release can do (`OPENCLAW_VERSION`).
    public var capabilities: OpenClawCapabilities

    public init(clusterDomain: String, pomeriumAddress: String, operatorEmail: String, capabilities: OpenClawCapabilities) {
        self.clusterDomain = clusterDomain
        self.pomeriumAddress = pomeriumAddress
        self.operatorEmail = operatorEmail
        self.capabilities = capabilities
    }

    /// The target for this run's settings; nil when `OPENCLAW_VERSION` is not a release (input
    /// validation refuses such a version before any step runs).
    public init?(_ settings: Settings, pomeriumAddress: String) {
        guard let capabilities = OpenClawCapabilities(version: settings.openclawVersion) else { return nil }
        self.init(
            clusterDomain: settings.clusterDomain, pomeriumAddress: pomeriumAddress,
            operatorEmail: settings.operatorEmail, capabilities: capabilities)
    }

    /// The browser origin of the Control UI behind Pomerium.
    public var origin: String { "https://openclaw.\(clusterDomain)" }

    public static let gatewayMode = "local"
    /// Listen on the container's network, explicitly: without it only the container
    /// auto-detection gives 0.0.0.0, and the docs say the default is loopback and Docker needs
    /// `lan` (openclaw-audit.md #9; openclaw-versions.md §6, "Pass `--bind lan`").
    public static let bind = "lan"
    public static let authMode = "trusted-proxy"
    /// The header Pomerium fills with the signed-in user's email.
    public static let userHeader = "x-pomerium-claim-email"
    /// Headers a request must carry: Pomerium's signed assertion, so a container on the stack
    /// network cannot pass for Pomerium by sending an email header alone.
    public static let requiredHeaders: [String] = ["X-Pomerium-Jwt-Assertion"]

    /// `gateway.trustedProxies`: exactly the pomerium address.
    public var trustedProxies: JSONValue { [.string(pomeriumAddress)] }

    /// `gateway.auth.trustedProxy.deviceAutoApprove` on releases that have it: new browsers
    /// behind Pomerium are paired at once with the non-admin scopes (openclaw-versions.md §1,
    /// the measured working configuration).
    public static var deviceAutoApprove: JSONValue {
        ["enabled": true, "scopes": .array(OpenClawCapabilities.autoApprovedScopes.map(JSONValue.string))]
    }

    /// The operator's entry in `gateway.auth.identityScopes`: admin for this identity only.
    public static var operatorScopes: JSONValue { [.string(OpenClawCapabilities.adminScope)] }
}

/// Config paths pomclaw reads and writes, as key arrays from the config's root.
enum GatewayPath {
    static let gateway = ["gateway"]
    static let mode = ["gateway", "mode"]
    static let bind = ["gateway", "bind"]
    static let auth = ["gateway", "auth"]
    static let authMode = ["gateway", "auth", "mode"]
    static let token = ["gateway", "auth", "token"]
    static let password = ["gateway", "auth", "password"]
    static let trustedProxy = ["gateway", "auth", "trustedProxy"]
    static let userHeader = ["gateway", "auth", "trustedProxy", "userHeader"]
    static let requiredHeaders = ["gateway", "auth", "trustedProxy", "requiredHeaders"]
    static let deviceAutoApprove = ["gateway", "auth", "trustedProxy", "deviceAutoApprove"]
    static let identityScopes = ["gateway", "auth", "identityScopes"]
    static let trustedProxies = ["gateway", "trustedProxies"]
    static let allowedOrigins = ["gateway", "controlUi", "allowedOrigins"]
    static let deviceAuthDisabled = ["gateway", "controlUi", "dangerouslyDisableDeviceAuth"]

    /// `gateway.auth.identityScopes.<identity>`.
    static func identity(_ email: String) -> [String] { identityScopes + [email] }
}
