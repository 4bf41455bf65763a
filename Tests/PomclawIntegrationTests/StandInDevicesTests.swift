import Foundation
import PomclawTestSupport
import Testing

/// `openclaw devices …` of the stand-in on the host: Gateway RPCs that need an authenticated
/// caller. In trusted-proxy mode the local CLI has no proxy identity: refused, unless it
/// presents the gateway's password (local-direct fallback); in token mode it needs the token;
/// with the gateway down it cannot connect at all.
@Suite struct StandInDevicesTests {
    static let trustedProxy = """
        {"gateway": {"mode": "local", "trustedProxies": ["10.0.0.10"],
          "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-pomerium-claim-email"}}}}
        """

    @Test func inTrustedProxyModeTheCLIIsRefusedWithoutThePassword() throws {
        let openclaw = try StandInOpenClaw(config: Self.trustedProxy)
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway(env: ["OPENCLAW_GATEWAY_PASSWORD": "local-secret"])
        defer { gateway.stop() }
        let refused = try openclaw.cli(["devices", "clear", "--yes"], env: gateway.cliEnvironment)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("gateway closed (1008): unauthorized\nGateway target: ws://127.0.0.1:"), "\(refused.stderr)")
        #expect(gateway.waitForLog("client=cli cli"), "\(gateway.log)")
        #expect(gateway.log.contains("reason=trusted_proxy_untrusted_source"), "\(gateway.log)")

        let wrong = try openclaw.cli(["devices", "list"], env: gateway.cliEnvironment.merging(["OPENCLAW_GATEWAY_PASSWORD": "guess"]) { $1 })
        #expect(wrong.status == 1 && wrong.stderr.contains("unauthorized: gateway password mismatch"), "\(wrong.stderr)")
        let local = try openclaw.cli(
            ["devices", "list", "--json"], env: gateway.cliEnvironment.merging(["OPENCLAW_GATEWAY_PASSWORD": "local-secret"]) { $1 })
        #expect(local.status == 0, "\(local.stderr)")
        // The local CLI's own device pairs silently on its first authenticated call.
        let listed = try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: [Any]]
        #expect(listed?["paired"]?.count == 1 && listed?["pending"]?.isEmpty == true, "\(local.stdout)")
    }

    @Test func inTokenModeTheTokenFromTheConfigAuthenticates() throws {
        let openclaw = try StandInOpenClaw(config: #"{"gateway": {"mode": "local", "auth": {"mode": "token", "token": "t0ken"}}}"#)
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        #expect(try openclaw.cli(["devices", "list"], env: gateway.cliEnvironment).status == 0)
        let flag = try openclaw.cli(["devices", "list", "--token", "wrong"], env: gateway.cliEnvironment)
        #expect(flag.status == 1 && flag.stderr.contains("unauthorized: gateway token mismatch"), "\(flag.stderr)")
    }

    /// clear --yes removes paired devices, --pending rejects pending requests too; approve moves
    /// a pending request to the paired devices.
    @Test func clearAndApproveWorkOnThePairingStore() throws {
        let openclaw = try StandInOpenClaw(
            version: "2026.7.1",
            config: """
                {"gateway": {"mode": "local", "trustedProxies": ["127.0.0.1"], "controlUi": {"allowedOrigins": ["https://o.example"]},
                  "auth": {"mode": "trusted-proxy", "password": "local-secret",
                    "trustedProxy": {"userHeader": "x-pomerium-claim-email", "allowLoopback": true}}}}
                """)
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        // Through a proxy (X-Forwarded-For): a loopback browser without it would pair silently.
        let browser = [("x-pomerium-claim-email", "op@example.com"), ("X-Forwarded-For", "203.0.113.7")]
        for _ in 0..<2 {
            #expect(try gateway.handshake(headers: browser, origin: "https://o.example").errorMessage == "pairing required")
        }
        let listed = try JSONSerialization.jsonObject(with: Data(try openclaw.cli(["devices", "list", "--json"], env: gateway.cliEnvironment).stdout.utf8))
        let pending = try #require((listed as? [String: Any])?["pending"] as? [[String: Any]])
        #expect(pending.count == 2)
        let first = try #require(pending.first?["requestId"] as? String)
        let approved = try openclaw.cli(["devices", "approve", first], env: gateway.cliEnvironment)
        #expect(approved.status == 0 && approved.stdout.hasPrefix("Approved "), "\(approved.stderr)")

        let paired = try openclaw.cli(["devices", "clear", "--yes"], env: gateway.cliEnvironment)
        #expect(paired.stdout == "Cleared 2 paired devices\n", "\(paired.stdout)\(paired.stderr)")
        let all = try openclaw.cli(["devices", "clear", "--yes", "--pending", "--json"], env: gateway.cliEnvironment)
        let cleared = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: [String]]
        #expect(cleared?["rejectedPending"]?.count == 1, "\(all.stdout)")
        #expect(try openclaw.cli(["devices", "clear"]).stderr == "Refusing to clear pairing table without --yes\n")
    }

    @Test func withTheGatewayDownTheCLISaysItCannotReachIt() throws {
        let openclaw = try StandInOpenClaw(config: """
            {"gateway": {"mode": "local", "port": \(try LoopbackPort.free()), "auth": {"mode": "token", "token": "t"}}}
            """)
        defer { openclaw.remove() }
        let down = try openclaw.cli(["devices", "list"])
        #expect(down.status == 1)
        #expect(down.stderr.hasPrefix("gateway closed (1006 abnormal closure (no close frame)): no close reason\nGateway target: ws://127.0.0.1:"),
                "\(down.stderr)")
    }
}
