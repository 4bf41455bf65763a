/// What pomclaw wants in the Pomerium Zero cluster: the same objects and values as the
/// original installer, kept right on every run.
public enum ZeroDesiredState {
    public static let policyName = "openclaw users"
    public static let sshAddress = "0.0.0.0:22"
    public static let databrokerStorage = "file:///var/lib/pomerium"
    public static let emailHeader = "x-pomerium-claim-email"
    public static let scopesHeader = "x-openclaw-scopes"
    public static let scopes = "operator.admin"

    /// The route booleans the API wants sent explicitly; only `allowWebsockets` is ever true.
    public static let routeBooleans = [
        "allowSpdy", "allowWebsockets", "enableGoogleCloudServerlessAuthentication",
        "preserveHostHeader", "showErrorDetails", "tlsSkipVerify", "tlsUpstreamAllowRenegotiation",
    ]

    /// The policy created when none named "openclaw users" exists.
    public static func newPolicy(namespaceID: String, email: String) -> JSONObject {
        [
            "namespaceId": .string(namespaceID),
            "name": .string(policyName),
            "description": .string(policyDescription(email)),
            "explanation": "Access denied. Only the configured operator email is permitted.",
            "remediation": "Contact the OpenClaw operator to request access.",
            "enforced": false,
            "ppl": ["allow": ["or": [["email": ["is": .string(email)]]]]],
        ]
    }

    static func policyDescription(_ email: String) -> String {
        "Allow \(email) to access OpenClaw"
    }
}

/// One of the two OpenClaw routes.
public struct RouteSpec: Sendable, Equatable {
    public enum Kind: String, Sendable { case ssh, web }

    public var kind: Kind
    public var name: String
    public var from: String
    public var to: String

    public static let ssh = RouteSpec(
        kind: .ssh, name: "openclaw-ssh", from: "ssh://openclaw", to: "ssh://openclaw-gateway:22")

    public static func web(domain: String) -> RouteSpec {
        RouteSpec(
            kind: .web, name: "openclaw-web", from: "https://openclaw.\(domain)",
            to: "http://openclaw-gateway:18789")
    }

    /// `allowWebsockets` is true for the web route only.
    public var allowsWebsockets: Bool { kind == .web }
}
