/// What the gateway's config must say for Pomerium to be its only way in: trusted-proxy auth,
/// believing identity headers only from the pomerium container's address on the stack network.
public struct TrustedProxyTarget: Sendable, Equatable {
    /// The cluster's fqdn; the Control UI is served at `https://openclaw.<domain>`.
    public var clusterDomain: String
    /// The pomerium container's IPv4 address on `<project>_main`.
    public var pomeriumAddress: String

    public init(clusterDomain: String, pomeriumAddress: String) {
        self.clusterDomain = clusterDomain
        self.pomeriumAddress = pomeriumAddress
    }

    /// The browser origin of the Control UI behind Pomerium.
    public var origin: String { "https://openclaw.\(clusterDomain)" }

    public static let gatewayMode = "local"
    public static let authMode = "trusted-proxy"
    /// The header Pomerium fills with the signed-in user's email.
    public static let userHeader = "x-pomerium-claim-email"
    /// Headers a request must carry: Pomerium's signed assertion, so a container on the stack
    /// network cannot pass for Pomerium by sending an email header alone.
    public static let requiredHeaders: [String] = ["X-Pomerium-Jwt-Assertion"]

    /// `gateway.trustedProxies`: exactly the pomerium address.
    public var trustedProxies: JSONValue { [.string(pomeriumAddress)] }

    /// The whole `gateway.auth.trustedProxy` block, written when none exists.
    public static var trustedProxyBlock: JSONValue {
        ["userHeader": .string(userHeader), "requiredHeaders": .array(requiredHeaders.map(JSONValue.string))]
    }
}

/// Config paths pomclaw reads and writes.
enum GatewayPath {
    static let mode = "gateway.mode"
    static let authMode = "gateway.auth.mode"
    static let token = "gateway.auth.token"
    static let password = "gateway.auth.password"
    static let trustedProxy = "gateway.auth.trustedProxy"
    static let userHeader = "gateway.auth.trustedProxy.userHeader"
    static let requiredHeaders = "gateway.auth.trustedProxy.requiredHeaders"
    static let trustedProxies = "gateway.trustedProxies"
    static let allowedOrigins = "gateway.controlUi.allowedOrigins"
    static let deviceAuthDisabled = "gateway.controlUi.dangerouslyDisableDeviceAuth"
}
