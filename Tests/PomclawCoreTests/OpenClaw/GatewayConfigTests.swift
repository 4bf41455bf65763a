import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct GatewayConfigTests {
    @Test func parsesWithUnknownKeysAndRedactedSecrets() throws {
        let config = try GatewayConfig.parse("""
            {
              "mode": "local", "port": 18789, "bind": "auto", "reload": {"mode": "hybrid"},
              "auth": {"mode": "password", "password": "__OPENCLAW_REDACTED__", "future": {"x": 1}},
              "controlUi": {"allowedOrigins": []}
            }
            """)
        #expect(config.mode == "local")
        #expect(config.authMode == "password")
        #expect(config.hasPassword && !config.hasToken)
        #expect(config.allowedOrigins == [])
        #expect(config.trustedProxies == nil)
        #expect(config["reload.mode"] == "hybrid")
    }

    /// The entrypoint's rule, as its jq says it: it writes `mode` when unset and a password
    /// when there is no password, no token and auth mode is not trusted-proxy; absent, null,
    /// false and "" all count as unset.
    @Test(arguments: [
        ([:], false),
        (["mode": "local"], false),
        (["mode": "local", "auth": ["password": "p"]], true),
        (["mode": "local", "auth": ["token": "__OPENCLAW_REDACTED__"]], true),
        (["mode": "local", "auth": ["mode": "trusted-proxy"]], true),
        (["mode": "local", "auth": ["mode": "token", "token": ""]], false),
        (["mode": "local", "auth": ["password": .null, "token": false]], false),
        (["mode": "", "auth": ["mode": "trusted-proxy"]], false),
        (["mode": .null, "auth": ["password": "p"]], false),
        (["mode": .number(1), "auth": ["password": "p"]], true),
    ] as [(JSONObject, Bool)])
    func entrypointLeavesAsIsFollowsTheEntrypointsRule(_ gateway: JSONObject, _ leaves: Bool) {
        #expect(GatewayConfig(gateway).entrypointLeavesAsIs == leaves)
    }

    @Test func nullIsEmptyAndNonObjectsAreErrors() throws {
        #expect(try GatewayConfig.parse("null\n") == GatewayConfig())
        #expect(throws: PomclawError.self) { try GatewayConfig.parse("\"local\"") }
        #expect(throws: PomclawError.self) { try GatewayConfig.parse("Gateway: local") }
    }

    @Test func errorObjectOnStdoutMeansUnset() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stdout: #"{"error": "Config path not found: gateway"}"#), when: { $0.first == "config" })
        #expect(try await h.cli.readGateway() == GatewayConfig())
    }

    @Test func diffComparesValuesNotPresence() {
        let target = GatewayHarness.target(domain: "a.pomerium.app")
        var values = GatewayHarness.converged()
        values["controlUi"] = ["dangerouslyDisableDeviceAuth": "true", "allowedOrigins": ["https://openclaw.a.pomerium.app"]]
        values["trustedProxies"] = ["172.30.0.10", "10.0.0.0/8"]
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: target)
        #expect(diff.changes == [
            #"trustedProxies ["172.30.0.10","10.0.0.0/8"] → ["172.30.0.10"]"#,
            #"controlUi.dangerouslyDisableDeviceAuth "true" → true"#,
        ])
        #expect(diff.patch.root == [
            "gateway": ["trustedProxies": ["172.30.0.10"], "controlUi": ["dangerouslyDisableDeviceAuth": true]],
        ])
    }

    /// The token is deleted in the same write that sets trusted-proxy auth: nothing relies on
    /// the CLI pruning it (a `config patch` is not documented to prune).
    @Test func modeSwitchFromTokenDeletesTheTokenInTheSameWrite() {
        let target = GatewayHarness.target(domain: "a.pomerium.app")
        var values = GatewayHarness.converged()
        values["auth"] = [
            "mode": "token", "token": "__OPENCLAW_REDACTED__",
            "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
        ]
        values["controlUi"] = ["dangerouslyDisableDeviceAuth": true, "allowedOrigins": ["https://openclaw.a.pomerium.app"]]
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: target)
        #expect(diff.changes == ["auth.mode token → trusted-proxy (removes auth.token)"])
        #expect(diff.patch.root == ["gateway": ["auth": ["mode": "trusted-proxy", "token": .null]]])
    }

    /// The bind is explicit: without it only container detection makes the gateway listen
    /// beyond loopback (openclaw-audit.md #9).
    @Test func aConfigWithoutBindGetsLan() {
        var values = GatewayHarness.converged()
        values["bind"] = nil
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: GatewayHarness.target())
        #expect(diff.changes == ["bind (unset) → lan"])
        #expect(diff.patch.root == ["gateway": ["bind": "lan"]])
    }

    /// From 2026.8.1 the exemption flag is inert: browsers pair, automatically, with non-admin
    /// scopes, and the operator gets admin by identity. The flag goes; the keys the release
    /// knows come in; one write.
    @Test func convertingToAReworkedReleaseIsOneWrite() throws {
        let target = GatewayHarness.target(version: "2026.9.8")
        let diff = TrustedProxyDiff(current: GatewayConfig(GatewayHarness.converged()), target: target)
        #expect(diff.changes.contains("remove controlUi.dangerouslyDisableDeviceAuth (OpenClaw 2026.9.8 ignores it)"))
        let converted = diff.patch.applied(to: ["gateway": .object(GatewayHarness.converged())])
        var expected = GatewayHarness.convergedReworked()
        expected["reload"] = ["mode": "hybrid"]
        #expect(converted == ["gateway": .object(expected)])
        #expect(TrustedProxyDiff(current: GatewayConfig(expected), target: target).isEmpty)
    }

    /// Older releases never get keys they would refuse (their schema is strict).
    @Test func olderReleasesNeverGetTheNewKeys() {
        let diff = TrustedProxyDiff(current: GatewayConfig(), target: GatewayHarness.target(version: "2026.7.1-2"))
        let written = diff.patch.applied(to: [:])
        let auth = written["gateway"]?.objectValue?["auth"]?.objectValue
        #expect(auth?["identityScopes"] == nil)
        #expect(auth?["trustedProxy"]?.objectValue?["deviceAutoApprove"] == nil)
        #expect(written["gateway"]?.objectValue?["controlUi"]?.objectValue?["dangerouslyDisableDeviceAuth"] == true)
    }

    /// A new operator gets the grant; pomclaw's grant for the previous one goes; grants the
    /// user made stay.
    @Test func theAdminGrantFollowsTheOperator() {
        var values = GatewayHarness.convergedReworked(email: "old@example.com")
        var auth = values["auth"]!.objectValue!
        auth["identityScopes"] = ["old@example.com": ["operator.admin"], "friend@example.com": ["operator.read"]]
        values["auth"] = .object(auth)
        let target = GatewayHarness.target(version: "2026.8.1", email: "new@example.com")
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: target, retiredIdentities: ["old@example.com"])
        #expect(diff.patch.root == [
            "gateway": ["auth": ["identityScopes": ["new@example.com": ["operator.admin"], "old@example.com": .null]]],
        ])
        let after = diff.patch.applied(to: ["gateway": .object(values)])
        #expect(after["gateway"]?.objectValue?["auth"]?.objectValue?["identityScopes"] == [
            "new@example.com": ["operator.admin"], "friend@example.com": ["operator.read"],
        ])
    }
}
