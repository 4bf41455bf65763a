import Foundation
import PomclawCore
import ZeroSimulator

/// What the original installer left in Pomerium Zero, seeded into the simulator.
extension SimulatedZero {
    /// Seeds what the original installer's first deployed version (BOOT-hist ef2a0080,
    /// 2026-06-08, before c0a371db) created with the keys in `directory/keys`: the settings
    /// PATCH without `databrokerStorageConnection` (added in d0daebc5), the policy, the SSH
    /// route without `passIdentityHeaders` and `setRequestHeaders` (added in c0a371db), and the
    /// web route with them. Bodies are those the script sent, through the API's own handlers.
    func seedOriginalInstall(keysIn directory: String, email: String) throws {
        func key(_ name: String) throws -> JSON {
            .string(try String(contentsOfFile: directory + "/keys/" + name, encoding: .utf8)
                .trimmingCharacters(in: .newlines))
        }
        sim.setSettings(cluster: cluster, [
            "sshAddress": .string("0.0.0.0:22"),
            "sshHostKeys": .array([try key("ssh_host_ed25519_key"), try key("ssh_host_rsa_key"), try key("ssh_host_ecdsa_key")]),
            "sshUserCaKey": try key("pomerium_user_ca_key"),
            "jwtClaimsHeaders": .object(["x-pomerium-claim-email": .string("email")]),
        ])
        let policy = try sim.createPolicy(org: org, .object([
            "namespaceId": .string(cluster.namespaceId), "name": .string("openclaw users"),
            "description": .string("Allow \(email) to access OpenClaw"),
            "explanation": .string("Access denied. Only the configured operator email is permitted."),
            "remediation": .string("Contact the OpenClaw operator to request access."),
            "enforced": .bool(false),
            "ppl": .object(["allow": .object(["or": .array([.object(["email": .object(["is": .string(email)])])])])]),
        ]))
        guard let policyID = policy["id"]?.stringValue else { throw ZeroSimulatorError.unknown("seeded policy id") }
        let common: [String: JSON] = [
            "namespaceId": .string(cluster.namespaceId), "policyIds": .array([.string(policyID)]),
            "allowSpdy": .bool(false), "enableGoogleCloudServerlessAuthentication": .bool(false),
            "preserveHostHeader": .bool(false), "showErrorDetails": .bool(false), "tlsSkipVerify": .bool(false),
            "tlsUpstreamAllowRenegotiation": .bool(false),
        ]
        try sim.createRoute(org: org, .object(common.merging([
            "name": .string("openclaw-ssh"), "from": .string("ssh://openclaw"),
            "to": .array([.string("ssh://openclaw-gateway:22")]), "allowWebsockets": .bool(false),
        ]) { _, new in new }))
        try sim.createRoute(org: org, .object(common.merging([
            "name": .string("openclaw-web"), "from": .string(webFrom),
            "to": .array([.string("http://openclaw-gateway:18789")]), "allowWebsockets": .bool(true),
            "passIdentityHeaders": .bool(true),
            "setRequestHeaders": .object(["x-openclaw-scopes": .string("operator.admin")]),
        ]) { _, new in new }))
    }
}
