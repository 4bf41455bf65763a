import Foundation
import PomclawTestSupport
import Testing

/// The stand-in gateway's trusted-proxy auth on the host (every caller here is 127.0.0.1, so
/// the proxy is "trusted" only through `trustedProxies` and `allowLoopback`): the HTTP surface
/// and the WebSocket connect, with the real check order and reason strings.
@Suite struct StandInTrustedProxyTests {
    static let origin = "https://openclaw.example.com"

    /// A trusted-proxy config: Pomerium's headers, `proxies`, and `extra` JSON members of
    /// `trustedProxy`.
    static func config(proxies: String = #"["127.0.0.1"]"#, proxy extra: String = #", "allowLoopback": true"#) -> String {
        """
        {"gateway": {"mode": "local", "trustedProxies": \(proxies), "controlUi": {"allowedOrigins": ["\(origin)"]},
          "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-pomerium-claim-email",
            "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]\(extra)}}}}
        """
    }

    static let signedIn = [("x-pomerium-claim-email", "op@example.com"), ("X-Pomerium-Jwt-Assertion", "eyJ.standin")]

    @Test func theControlUIAndTheProbesNeedNoAuthTheAPIDoes() throws {
        let openclaw = try StandInOpenClaw(config: Self.config(proxies: #"["10.9.9.9"]"#))
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        let page = try gateway.http("/")
        #expect(page.status == 200 && page.head.lowercased().contains("content-type: text/html"), "\(page.head)")
        #expect(try gateway.http("/healthz").body == #"{"ok":true,"status":"live"}"#)
        let local = try gateway.http("/readyz")
        #expect(local.status == 200 && local.body.hasPrefix(#"{"ready":true,"failing":[],"uptimeMs":"#), "\(local.body)")
        #expect(try gateway.http("/readyz", headers: [("X-Forwarded-For", "10.1.2.3")]).body == #"{"ready":true}"#)

        let invoke = try gateway.http("/tools/invoke", method: "POST", headers: Self.signedIn, body: #"{"tool":"sessions_list"}"#)
        #expect(invoke.status == 401 && invoke.body == #"{"error":{"message":"Unauthorized","type":"unauthorized"}}"#)
        #expect(try gateway.http("/tools/invoke").status == 405)
        #expect(try gateway.http("/__openclaw/control-ui-config.json", headers: Self.signedIn).status == 401)
    }

    @Test func apiRoutesAdmitTheProxysUsersFromAllowedOrigins() throws {
        let openclaw = try StandInOpenClaw(config: Self.config())
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        let invoke = try gateway.http("/tools/invoke", method: "POST", headers: Self.signedIn, body: #"{"tool":"sessions_list"}"#)
        #expect(invoke.status == 404 && invoke.body.contains("Tool not available: sessions_list"), "\(invoke.body)")
        let readOnly = try gateway.http(
            "/tools/invoke", method: "POST", headers: Self.signedIn + [("x-openclaw-scopes", "operator.read")], body: "{}")
        #expect(readOnly.status == 403 && readOnly.body.contains("missing scope: operator.write"), "\(readOnly.body)")
        let allowed = try gateway.http("/__openclaw/control-ui-config.json", headers: Self.signedIn + [("Origin", Self.origin)])
        #expect(allowed.status == 200, "\(allowed.body)")
        let foreign = try gateway.http(
            "/__openclaw/control-ui-config.json", headers: Self.signedIn + [("Origin", "https://evil.example")])
        #expect(foreign.status == 401)
    }

    /// The connect's reasons, in OpenClaw's order: source first, then requiredHeaders before
    /// the user header (named as configured), then the allowlist.
    @Test(arguments: [
        (#"["10.9.9.9"]"#, #", "allowLoopback": true"#, signedIn, "trusted_proxy_untrusted_source"),
        (#"["127.0.0.1"]"#, "", signedIn, "trusted_proxy_loopback_source"),
        (#"["127.0.0.1"]"#, #", "allowLoopback": true"#, [], "trusted_proxy_missing_header_X-Pomerium-Jwt-Assertion"),
        (#"["127.0.0.1"]"#, #", "allowLoopback": true"#, [("X-Pomerium-Jwt-Assertion", "j")], "trusted_proxy_user_missing"),
        (#"["127.0.0.1"]"#, #", "allowLoopback": true, "allowUsers": ["boss@example.com"]"#, signedIn,
         "trusted_proxy_user_not_allowed"),
    ])
    func connectsAreRefusedWithTheRealReasons(proxies: String, proxy: String, headers: [(String, String)], reason: String) throws {
        let openclaw = try StandInOpenClaw(config: Self.config(proxies: proxies, proxy: proxy))
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        let refused = try gateway.handshake(headers: headers, origin: Self.origin)
        #expect(!refused.admitted)
        #expect(refused.authReason == reason, "\(refused)")
        #expect(refused.errorMessage == "unauthorized" && refused.closeCode == 1008, "\(refused)")
        #expect(gateway.waitForLog("reason=\(reason)"), "\(gateway.log)")
    }

    @Test func aForeignBrowserOriginIsRefusedBeforeAuth() throws {
        let openclaw = try StandInOpenClaw(config: Self.config())
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        let refused = try gateway.handshake(headers: Self.signedIn, origin: "https://evil.example")
        #expect(refused.details?["code"] as? String == "CONTROL_UI_ORIGIN_NOT_ALLOWED", "\(refused)")
        #expect(refused.errorMessage?.hasPrefix("origin not allowed") == true)
    }

    /// From 2026.9.1 forwarded traffic must name a client in X-Forwarded-For; before, the
    /// same connect passes auth. With X-Forwarded-For it passes on both (and, as a new browser
    /// device without auto-approval, is asked to pair).
    @Test(arguments: [("2026.8.1", false), ("2026.9.1", true)])
    func from2026_9_1ProxiedTrafficNeedsAttribution(version: String, refusedWithoutXFF: Bool) throws {
        let openclaw = try StandInOpenClaw(version: version, config: Self.config())
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway()
        defer { gateway.stop() }
        let bare = try gateway.handshake(headers: Self.signedIn, origin: Self.origin)
        #expect(bare.authReason == (refusedWithoutXFF ? "proxy_attribution_required" : nil), "\(bare)")
        let attributed = try gateway.handshake(headers: Self.signedIn + [("X-Forwarded-For", "203.0.113.7")], origin: Self.origin)
        #expect(attributed.errorMessage == "pairing required", "\(attributed)")
    }
}
