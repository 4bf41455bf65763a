import Foundation
import PomclawTestSupport
import Testing

/// The stand-in `openclaw gateway` starting on the host: the start rules with their lines and
/// exit codes, the bind, and the one-way state migration of 2026.8.1.
@Suite struct StandInGatewayStartTests {
    static let tokenConfig = #"{"gateway": {"mode": "local", "auth": {"mode": "token", "token": "t0ken"}}}"#

    @Test func aConfigWithoutGatewayModeIsBlockedWithExit78() throws {
        let openclaw = try StandInOpenClaw(config: #"{"gateway": {"auth": {"mode": "token", "token": "t"}}}"#)
        defer { openclaw.remove() }
        let blocked = try openclaw.gatewayFailing()
        #expect(blocked.status == 78)
        #expect(blocked.stderr.hasPrefix("Gateway start blocked: existing config is missing gateway.mode."), "\(blocked.stderr)")
        let remote = try StandInOpenClaw(config: #"{"gateway": {"mode": "remote"}}"#)
        defer { remote.remove() }
        let other = try remote.gatewayFailing()
        #expect(other.status == 78 && other.stderr.hasPrefix("Gateway start blocked: set gateway.mode=local (current: remote)"))
        let missing = try StandInOpenClaw()
        defer { missing.remove() }
        let none = try missing.gatewayFailing()
        #expect(none.status == 78 && none.stderr.hasPrefix("Missing config."), "\(none.stderr)")
    }

    /// Beyond loopback without a token, password or trusted proxy: refused, 78, naming the
    /// bind; `--bind` wins over gateway.bind, and a container defaults to `auto`.
    @Test func aBindBeyondLoopbackWithoutAuthIsRefusedWithExit78() throws {
        let openclaw = try StandInOpenClaw(config: #"{"gateway": {"mode": "local", "bind": "lan", "auth": {"mode": "token"}}}"#)
        defer { openclaw.remove() }
        let lan = try openclaw.gatewayFailing()
        #expect(lan.status == 78)
        #expect(lan.stderr.hasPrefix("Refusing to bind gateway to lan without auth.\n"), "\(lan.stderr)")
        let flag = try openclaw.gatewayFailing(["--bind", "custom"])
        #expect(flag.stderr.hasPrefix("Refusing to bind gateway to custom without auth."), "\(flag.stderr)")
        try openclaw.write(#"{"gateway": {"mode": "local", "auth": {"mode": "token"}}}"#)
        let container = try openclaw.gatewayFailing(env: ["OPENCLAW_STANDIN_CONTAINER": "1"])
        #expect(container.status == 78)
        #expect(container.stderr.contains("Refusing to bind gateway to auto without auth.\n"
            + "Container environment detected — the gateway defaults to bind=auto (0.0.0.0)"), "\(container.stderr)")
    }

    /// trusted-proxy with a token (from the environment too) or without trusted proxies does
    /// not start: `Gateway failed to start: …`, exit 1.
    @Test func trustedProxyNeedsProxiesAndNoToken() throws {
        let openclaw = try StandInOpenClaw(config: """
            {"gateway": {"mode": "local", "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}},
              "trustedProxies": ["10.0.0.1"]}}
            """)
        defer { openclaw.remove() }
        let token = try openclaw.gatewayFailing(env: ["OPENCLAW_GATEWAY_TOKEN": "from-env"])
        #expect(token.status == 1)
        #expect(token.stderr.hasPrefix("Gateway failed to start: Error: gateway auth mode is trusted-proxy, but a shared token"), "\(token.stderr)")
        #expect(token.stderr.contains("mutually exclusive"))
        try openclaw.write(#"{"gateway": {"mode": "local", "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}}"#)
        let proxies = try openclaw.gatewayFailing()
        #expect(proxies.status == 1)
        #expect(proxies.stderr.contains("requires gateway.trustedProxies"), "\(proxies.stderr)")
    }

    /// Loopback (the default off containers, or `--bind loopback` over gateway.bind) listens on
    /// 127.0.0.1 only: another loopback address gets no answer.
    @Test func aLoopbackBindListensOn127001Only() throws {
        let openclaw = try StandInOpenClaw(config: #"{"gateway": {"mode": "local", "bind": "lan", "auth": {"mode": "token", "token": "t"}}}"#)
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway(["--bind", "loopback"])
        defer { gateway.stop() }
        #expect(gateway.log.contains("listening on ws://127.0.0.1:\(gateway.port) (PID "), "\(gateway.log)")
        #expect(try gateway.http("/healthz").status == 200)
        #expect(throws: (any Error).self) {
            try PlainHTTP.get(host: "127.0.0.2", port: gateway.port, path: "/healthz", timeout: 2)
        }
    }

    /// 2026.8.1 migrates the state database forward on its first start; an older release then
    /// refuses to start on it ("newer schema version"), exit 1.
    @Test func aReleaseBeforeAugustRefusesTheStateAugustMigrated() throws {
        let newer = try StandInOpenClaw(version: "2026.8.1", config: Self.tokenConfig)
        defer { newer.remove() }
        let older = try StandInOpenClaw(version: "2026.7.1-2", config: Self.tokenConfig)
        defer { older.remove() }
        // Both use the same HOME: the older release runs on the state the newer one left.
        let before = try older.gateway()
        before.stop()
        let migrating = try newer.gateway(env: ["HOME": older.scratch.path])
        migrating.stop()
        let refused = try older.gatewayFailing()
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Gateway failed to start: Error: newer schema version:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("has state schema 6; OpenClaw 2026.7.1-2"), "\(refused.stderr)")
    }
}
