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
        let target = TrustedProxyTarget(clusterDomain: "a.pomerium.app", pomeriumAddress: "172.30.0.10")
        var values = GatewayHarness.converged()
        values["controlUi"] = ["dangerouslyDisableDeviceAuth": "true", "allowedOrigins": ["https://openclaw.a.pomerium.app"]]
        values["trustedProxies"] = ["172.30.0.10", "10.0.0.0/8"]
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: target)
        #expect(diff.changes == [
            #"trustedProxies ["172.30.0.10","10.0.0.0/8"] → ["172.30.0.10"]"#,
            #"controlUi.dangerouslyDisableDeviceAuth "true" → true"#,
        ])
        #expect(diff.operations == [
            .set("gateway.trustedProxies", ["172.30.0.10"]), .set("gateway.controlUi.dangerouslyDisableDeviceAuth", true),
        ])
    }

    @Test func modeSwitchFromTokenNamesThePrunedToken() {
        let target = TrustedProxyTarget(clusterDomain: "a.pomerium.app", pomeriumAddress: "172.30.0.10")
        var values = GatewayHarness.converged()
        values["auth"] = [
            "mode": "token", "token": "__OPENCLAW_REDACTED__",
            "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
        ]
        values["controlUi"] = ["dangerouslyDisableDeviceAuth": true, "allowedOrigins": ["https://openclaw.a.pomerium.app"]]
        let diff = TrustedProxyDiff(current: GatewayConfig(values), target: target)
        #expect(diff.changes == ["auth.mode token → trusted-proxy (removes auth.token)"])
        #expect(diff.operations == [.set("gateway.auth.mode", "trusted-proxy")])
    }
}
