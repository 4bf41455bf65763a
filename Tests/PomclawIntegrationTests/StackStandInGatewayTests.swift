import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The stand-in gateway image in its container on the real Docker engine, without pomclaw:
/// the in-process restart a config write causes, `devices` with the local password, the
/// release-dependent Control UI access through Pomerium, a loopback-only bind, and the one-way
/// migration between release tags. Needs the stand-in images of 2026.6.5, 2026.7.1 and
/// 2026.9.8 (`OPENCLAW_VERSIONS="2026.6.5 2026.7.1 2026.9.8" Tests/Docker/standin/build.sh`).
@Suite(.serialized, .enabled(if: StackEngine.wanted)) struct StackStandInGatewayTests {
    static let versions = ["2026.7.1", "2026.9.8"]

    /// The trusted-proxy config pomclaw writes before the first start, for `stack`'s Pomerium,
    /// with `extra` members of `auth` (e.g. the 2026.8.1 keys).
    static func trustedProxy(_ stack: StackFixture, flag: Bool = true, auth extra: String = "", proxy: String = "") -> String {
        """
        {"gateway": {"mode": "local", "bind": "lan", "trustedProxies": ["\(stack.pomeriumIP)"],
          "controlUi": {"allowedOrigins": ["https://openclaw.\(stack.clusterDomain)"]\(flag ? #", "dangerouslyDisableDeviceAuth": true"# : "")},
          "auth": {"mode": "trusted-proxy"\(extra), "trustedProxy": {"userHeader": "x-pomerium-claim-email",
            "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]\(proxy)}}}}
        """
    }

    /// A stack whose gateway runs `version` with the config `config(stack)`, started and
    /// answering; torn down after.
    /// `restartSeconds`: how long the gateway's listener stays closed in a restart (the
    /// stand-in's STANDIN_RESTART_SECONDS, set in the container's environment), long enough for
    /// a test polling through `docker compose exec` on a busy machine to see it.
    static func withGateway(
        _ version: String = StackEngine.openclawVersion, config: @escaping (StackFixture) -> String,
        restartSeconds: String? = nil, ready: (StackFixture) async throws -> Void = { try await $0.waitForGateway() },
        _ body: (StackFixture) async throws -> Void
    ) async throws {
        try StackEngine.requireOpenClaw(versions)
        try await StackStandInTests.withStack(settings: ["OPENCLAW_VERSION": version]) { stack in
            if let restartSeconds { try stack.addGatewayEnvironment("STANDIN_RESTART_SECONDS", restartSeconds) }
            try Data(config(stack).utf8).write(to: URL(fileURLWithPath: stack.path + "/openclaw-data/config/.openclaw/openclaw.json"))
            try await stack.up()
            try await ready(stack)
            try await body(stack)
        }
    }

    /// A gateway.* write restarts the gateway inside its container: the same container (not
    /// restarted by Docker), exec working throughout, the listener closed for a while, then
    /// serving the new config.
    @Test func aConfigWriteRestartsTheGatewayInsideItsContainer() async throws {
        try await Self.withGateway(config: { Self.trustedProxy($0) }, restartSeconds: "10") { stack in
            let before = try await stack.state("openclaw-gateway")
            let moved = try await stack.openclaw(["config", "set", "gateway.trustedProxies", #"["10.213.0.99"]"#, "--strict-json"])
            #expect(moved.status == 0, "\(moved.stderr)")
            #expect(await stack.eventually { try await stack.curlInGateway("http://127.0.0.1:18789/healthz").stdout == "000" },
                    "the listener never closed")
            #expect(try await stack.openclaw(["config", "get", "gateway.mode"]).stdout == "local\n", "exec failed mid-restart")
            #expect(await stack.eventually { try await stack.curlInGateway("http://127.0.0.1:18789/readyz").stdout == "200" })
            let after = try await stack.state("openclaw-gateway")
            #expect(after.id == before.id && after.restartCount == before.restartCount, "Docker restarted the container")
            let logs = await stack.logs("openclaw-gateway")
            #expect(logs.contains("config change requires gateway restart (gateway.trustedProxies)"), "\(logs)")
            // compose.yaml sets OPENCLAW_NO_RESPAWN=1, which keeps even an update restart in
            // process (openclaw-versions.md §4); the restart is in process either way.
            #expect(logs.contains("restart mode: in-process restart (OPENCLAW_NO_RESPAWN)"), "\(logs)")
            // Pomerium is no longer trusted: the same user is refused now.
            try await stack.setRoute(#"{"allowWebsockets": true}"#)
            let refused = try await stack.handshakeThroughPomerium(as: stack.operatorEmail)
            #expect(refused.authReason == "trusted_proxy_untrusted_source", "\(refused)")
        }
    }

    /// `devices clear` in trusted-proxy mode: refused for the CLI without credentials; with the
    /// gateway's password in the container's environment it authenticates as a local caller.
    @Test func devicesCommandsNeedTheLocalPasswordInTrustedProxyMode() async throws {
        try await Self.withGateway(config: { Self.trustedProxy($0) }) { stack in
            let refused = try await stack.openclaw(["devices", "clear", "--yes", "--pending"])
            #expect(refused.status == 1 && refused.stderr.hasPrefix("gateway closed (1008): unauthorized"), "\(refused.stderr)")
            try stack.addGatewayEnvironment("OPENCLAW_GATEWAY_PASSWORD", "${POMCLAW_TEST_GATEWAY_PASSWORD:-}")
            try EnvFileLine.set("POMCLAW_TEST_GATEWAY_PASSWORD", "local-secret-standin", in: stack.install.envFile)
            try await stack.up(["openclaw-gateway"])
            try await stack.waitForGateway()
            let cleared = try await stack.openclaw(["devices", "clear", "--yes", "--pending"])
            #expect(cleared.status == 0, "\(cleared.stderr)")
            #expect(cleared.stdout.hasPrefix("Cleared "), "\(cleared.stdout)")
        }
    }

    /// 2026.9.8 with automatic approval and an identity grant (and no scopes header): the
    /// operator's browser connects as admin through Pomerium without pairing; the same route
    /// header that 2026.6.5 needs would leave it nothing but the grant.
    @Test func on2026_9_8TheOperatorGetsAdminThroughPomeriumWithoutPairing() async throws {
        let config: (StackFixture) -> String = { stack in
            Self.trustedProxy(
                stack, flag: false, auth: #", "identityScopes": {"\#(stack.operatorEmail)": ["operator.admin"]}"#,
                proxy: #", "deviceAutoApprove": {"enabled": true}"#)
        }
        try await Self.withGateway("2026.9.8", config: config) { stack in
            try await stack.setRoute(#"{"allowWebsockets": true}"#)
            let operatorSession = try await stack.handshakeThroughPomerium(as: stack.operatorEmail)
            #expect(operatorSession.admitted, "\(operatorSession)")
            #expect(operatorSession.scopes?.contains("operator.admin") == true, "\(operatorSession)")
            let someoneElse = try await stack.handshakeThroughPomerium(as: "guest@example.com")
            #expect(someoneElse.admitted && someoneElse.scopes?.contains("operator.admin") == false, "\(someoneElse)")
            let forged = try await stack.handshakeStraightToGateway(forging: stack.operatorEmail)
            #expect(forged.authReason == "trusted_proxy_untrusted_source", "\(forged)")
        }
    }

    /// A gateway bound to loopback answers on 127.0.0.1 inside its container but not Pomerium;
    /// pomclaw's probe reads it as listening on loopback only, not ready.
    @Test func aLoopbackBindIsReachableOnlyFromInsideTheContainer() async throws {
        let loopback = { (stack: StackFixture) in
            Self.trustedProxy(stack).replacingOccurrences(of: #""bind": "lan""#, with: #""bind": "loopback""#)
        }
        let answersOnLoopback = { (stack: StackFixture) async throws in
            guard await stack.eventually(seconds: 90, { try await stack.curlInGateway("http://127.0.0.1:18789/readyz").stdout == "200" })
            else { throw TestFailure("the gateway never answered on 127.0.0.1:\n\(await stack.logs("openclaw-gateway"))") }
        }
        try await Self.withGateway(config: loopback, ready: answersOnLoopback) { stack in
            let probe = try await stack.compose(DockerCommand.gatewayProbe.arguments)
            #expect(GatewayReadiness(DockerResult(status: probe.status, stdout: probe.stdout, stderr: probe.stderr)) == .loopbackOnly)
            #expect(try await stack.curlInGateway("http://127.0.0.1:18789/readyz").stdout == "200")
            #expect(try await stack.curlInGateway("http://openclaw-gateway:18789/readyz").stdout == "000")
            let https = try await stack.publishedPort("pomerium", 443)
            let through = try PlainHTTP.get(host: "127.0.0.1", port: https, headers: [("X-Standin-Login", stack.operatorEmail)])
            #expect(through.status == 503, "\(through.status) \(through.body)")
        }
    }

    /// 2026.9.8 migrates the state on its first start; the same install back on 2026.7.1 does
    /// not start ("newer schema version", exit 1, restarted forever).
    @Test func aDowngradeAcrossTheMigrationDoesNotStart() async throws {
        try await Self.withGateway("2026.9.8", config: { Self.trustedProxy($0) }) { stack in
            try stack.setOpenClawVersion("2026.7.1")
            try await stack.up(["openclaw-gateway"])
            #expect(await stack.eventually { try await stack.state("openclaw-gateway").exitCode == 1 })
            let logs = await stack.logs("openclaw-gateway")
            #expect(logs.contains("Gateway failed to start: Error: newer schema version"), "\(logs)")
        }
    }
}
