import Foundation
import PomclawTestSupport
import Testing

/// What a Control UI session behind the proxy is allowed, release by release: the device-auth
/// flag and the x-openclaw-scopes cap up to 2026.7.1-2, device pairing, automatic approval and
/// per-identity grants from 2026.8.1. The proxy here is a loopback one (`allowLoopback`), the
/// browser's X-Forwarded-For names its client.
@Suite struct StandInControlUIScopesTests {
    static let origin = StandInTrustedProxyTests.origin
    static let uiScopes = ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing"]
    static let viaProxy = StandInTrustedProxyTests.signedIn + [("X-Forwarded-For", "203.0.113.7")]

    static func config(controlUi: String = "", proxy: String = "", auth: String = "") -> String {
        """
        {"gateway": {"mode": "local", "trustedProxies": ["127.0.0.1"],
          "controlUi": {"allowedOrigins": ["\(origin)"]\(controlUi)},
          "auth": {"mode": "trusted-proxy"\(auth), "trustedProxy": {"userHeader": "x-pomerium-claim-email",
            "requiredHeaders": ["X-Pomerium-Jwt-Assertion"], "allowLoopback": true\(proxy)}}}}
        """
    }

    static func gateway(_ version: String, _ config: String, _ body: (StandInOpenClaw, StandInGateway) throws -> Void) throws {
        try StandInOpenClaw.withGateway(version, config: config, body)
    }

    /// Up to 2026.7.1-2 the flag admits the UI without a device, with the requested scopes
    /// capped by the route's header (absent: no cap).
    @Test(arguments: ["2026.6.5", "2026.7.1-2"])
    func theDeviceAuthFlagKeepsTheRequestedScopesUnderTheHeaderCap(version: String) throws {
        try Self.gateway(version, Self.config(controlUi: #", "dangerouslyDisableDeviceAuth": true"#)) { _, gateway in
            let capped = try gateway.handshake(headers: Self.viaProxy + [("x-openclaw-scopes", "operator.admin")], origin: Self.origin)
            #expect(capped.scopes == ["operator.admin"], "\(capped)")
            let uncapped = try gateway.handshake(headers: Self.viaProxy, origin: Self.origin)
            #expect(uncapped.scopes == Self.uiScopes, "\(uncapped)")
        }
    }

    /// Without the flag: no device, no scopes; a device must pair, and nothing approves it.
    @Test func withoutTheFlagTheUIMustPair() throws {
        try Self.gateway("2026.7.1", Self.config()) { (openclaw, gateway) throws in
            let deviceless = try gateway.handshake(headers: Self.viaProxy, origin: Self.origin, extra: ["--device", "none"])
            #expect(deviceless.admitted && deviceless.scopes == [], "\(deviceless)")
            let device = try gateway.handshake(headers: Self.viaProxy, origin: Self.origin)
            #expect(device.errorMessage == "pairing required" && device.closeCode == 1008, "\(device)")
            #expect(device.details?["code"] as? String == "PAIRING_REQUIRED")
            let pending = try String(contentsOfFile: openclaw.stateDirectory + "/devices/pending.json", encoding: .utf8)
            #expect(pending.contains(try #require(device.details?["requestId"] as? String)))
        }
    }

    /// From 2026.8.1 the flag is inert: with it set, a browser device still has to pair.
    @Test func from2026_8_1TheFlagIsInert() throws {
        try Self.gateway("2026.8.1", Self.config(controlUi: #", "dangerouslyDisableDeviceAuth": true"#)) { _, gateway in
            let device = try gateway.handshake(headers: Self.viaProxy + [("x-openclaw-scopes", "operator.admin")], origin: Self.origin)
            #expect(device.errorMessage == "pairing required", "\(device)")
        }
    }

    /// deviceAutoApprove pairs a new browser with requested ∩ configured scopes;
    /// identityScopes adds the operator's admin grant for the session (email matched without
    /// regard to case); no header, no cap.
    @Test func autoApprovalAndAnIdentityGrantMakeTheOperatorAdminWithoutPairing() throws {
        let config = Self.config(
            proxy: #", "deviceAutoApprove": {"enabled": true, "scopes": ["operator.read", "operator.write", "operator.approvals"]}"#,
            auth: #", "identityScopes": {"Op@Example.com": ["operator.admin"]}"#)
        try Self.gateway("2026.9.8", config) { (openclaw, gateway) throws in
            let admitted = try gateway.handshake(headers: Self.viaProxy, origin: Self.origin)
            #expect(admitted.admitted, "\(admitted)")
            #expect(Set(admitted.scopes ?? []) == ["operator.read", "operator.write", "operator.approvals", "operator.admin"])
            let paired = try String(contentsOfFile: openclaw.stateDirectory + "/devices/paired.json", encoding: .utf8)
            let device = try #require((admitted.raw["device"] as? [String: Any])?["id"] as? String)
            #expect(paired.contains(device))
            #expect(gateway.waitForLog("security audit: trusted-proxy operator device auto-approved user=op@example.com"))
        }
    }

    /// The header caps even an auto-approved device and the identity grant: present but empty
    /// leaves nothing; `operator.admin` leaves admin only to those granted it.
    @Test func theHeaderCapsAutoApprovedDevices() throws {
        let config = Self.config(
            proxy: #", "deviceAutoApprove": {"enabled": true}"#, auth: #", "identityScopes": {"boss@example.com": ["operator.admin"]}"#)
        try Self.gateway("2026.8.1", config) { _, gateway in
            let empty = try gateway.handshake(headers: Self.viaProxy + [("x-openclaw-scopes", "")], origin: Self.origin)
            #expect(empty.admitted && empty.scopes == [], "\(empty)")
            let adminOnly = try gateway.handshake(headers: Self.viaProxy + [("x-openclaw-scopes", "operator.admin")], origin: Self.origin)
            #expect(adminOnly.admitted && adminOnly.scopes == [], "\(adminOnly)")
        }
    }
}
