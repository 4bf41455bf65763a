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

/// One of the two OpenClaw routes: where it goes, and the request headers it must send and
/// must not send (which depend on the OpenClaw release).
public struct RouteSpec: Sendable, Equatable {
    public enum Kind: String, Sendable { case ssh, web }

    public var kind: Kind
    public var name: String
    public var from: String
    public var to: String
    /// Headers the route must set, with these values; other headers the Console set stay.
    public var setRequestHeaders: [String: String]
    /// Headers the route must not set: removed from an existing route when present.
    public var removedRequestHeaders: [String]

    public init(
        kind: Kind, name: String, from: String, to: String,
        setRequestHeaders: [String: String] = [ZeroDesiredState.scopesHeader: ZeroDesiredState.scopes],
        removedRequestHeaders: [String] = []
    ) {
        self.kind = kind
        self.name = name
        self.from = from
        self.to = to
        self.setRequestHeaders = setRequestHeaders
        self.removedRequestHeaders = removedRequestHeaders
    }

    public static let ssh = RouteSpec(
        kind: .ssh, name: "openclaw-ssh", from: "ssh://openclaw", to: "ssh://openclaw-gateway:22")

    /// The web route. Its `x-openclaw-scopes` header follows the release
    /// (`OpenClawCapabilities.webRouteSendsScopesHeader`): set to `operator.admin` where it
    /// is how the Pomerium user gets admin, removed where it would cap every browser's scopes
    /// to nothing. Without a known release (nil), today's header.
    public static func web(domain: String, openclaw: OpenClawCapabilities? = nil) -> RouteSpec {
        let sendsScopes = openclaw?.webRouteSendsScopesHeader ?? true
        return RouteSpec(
            kind: .web, name: "openclaw-web", from: "https://openclaw.\(domain)",
            to: "http://openclaw-gateway:18789",
            setRequestHeaders: sendsScopes ? [ZeroDesiredState.scopesHeader: ZeroDesiredState.scopes] : [:],
            removedRequestHeaders: sendsScopes ? [] : [ZeroDesiredState.scopesHeader])
    }

    /// `allowWebsockets` is true for the web route only.
    public var allowsWebsockets: Bool { kind == .web }

    /// The value the route boolean `flag` should have: only the web route allows WebSockets.
    public func wants(_ flag: String) -> Bool {
        flag == "allowWebsockets" && allowsWebsockets
    }

    /// `existing` with the removed headers gone and the set ones set (header names compared
    /// without case, as HTTP does); every other header kept.
    public func requestHeaders(keeping existing: [String: String]) -> [String: String] {
        let managed = Set((removedRequestHeaders + setRequestHeaders.keys).map { $0.lowercased() })
        var headers = existing.filter { !managed.contains($0.key.lowercased()) }
        headers.merge(setRequestHeaders) { _, wanted in wanted }
        return headers
    }

    /// What differs between `existing` headers and the ones this spec wants, one line each.
    func headerChanges(_ existing: [String: String]) -> [String] {
        let byName = Dictionary(existing.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var changes: [String] = []
        for (name, value) in setRequestHeaders.sorted(by: { $0.key < $1.key }) where byName[name.lowercased()] != value {
            changes.append("request header \(name): \(value)")
        }
        for name in removedRequestHeaders.sorted() where byName[name.lowercased()] != nil {
            changes.append("remove request header \(name)")
        }
        return changes
    }
}
