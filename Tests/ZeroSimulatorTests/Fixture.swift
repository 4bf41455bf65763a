import Foundation
import ZeroSimulator

/// A running simulator seeded with one org, one cluster and one API token, plus a client.
struct Fixture {
    let sim: ZeroSimulator
    let org: SimOrganization
    let cluster: SimCluster
    let apiToken: String
    let http: TestHTTP

    /// Starts a simulator with `knobs` and the given clock.
    static func start(
        knobs: Knobs = Knobs(), clock: @escaping @Sendable () -> Date = { Date() }, timeout: TimeInterval = 30
    ) async throws -> Fixture {
        let sim = ZeroSimulator(knobs: knobs, clock: clock)
        let org = sim.addOrganization(name: "personal")
        let cluster = sim.addCluster(org: org, name: "home", domain: "trusted-dog-1049")
        let apiToken = sim.addAPIToken(org: org)
        let base = try await sim.start()
        return Fixture(sim: sim, org: org, cluster: cluster, apiToken: apiToken, http: TestHTTP(base: base, timeout: timeout))
    }

    /// A fresh ID token for the seeded API token.
    func login() async throws -> String {
        try await http.idToken(apiToken)
    }

    /// `/organizations/{org}` + `suffix`.
    func orgPath(_ suffix: String) -> String {
        "/organizations/\(org.id)\(suffix)"
    }

    /// The settings path of the seeded cluster.
    var settingsPath: String { orgPath("/clusters/\(cluster.id)/settings") }

    /// A valid policy body for the seeded cluster's namespace.
    func policyBody(name: String = "openclaw users", enforced: Bool = false) -> JSON {
        .object([
            "namespaceId": .string(cluster.namespaceId), "name": .string(name), "enforced": .bool(enforced),
            "description": .string("d"), "explanation": .string("e"), "remediation": .string("r"),
            "ppl": .object(["allow": .object(["or": .array([.object(["email": .object(["is": .string("ops@example.com")])])])])]),
        ])
    }

    /// A valid route body with all seven booleans, attached to `policyIds`.
    func routeBody(name: String = "openclaw-web", from: String = "https://openclaw.trusted-dog-1049.pomerium.app",
                   policyIds: [String] = []) -> [String: JSON] {
        var body: [String: JSON] = [
            "namespaceId": .string(cluster.namespaceId), "name": .string(name), "from": .string(from),
            "to": .array([.string("http://openclaw-gateway:18789")]),
            "policyIds": .array(policyIds.map(JSON.string)),
        ]
        for field in ["allowWebsockets", "allowSpdy", "enableGoogleCloudServerlessAuthentication", "preserveHostHeader",
                      "showErrorDetails", "tlsSkipVerify", "tlsUpstreamAllowRenegotiation"] {
            body[field] = .bool(false)
        }
        return body
    }
}
