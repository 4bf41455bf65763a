import Foundation
import PomclawTestSupport
import Testing

/// The stand-in's strict gateway schema, release by release: keys a release does not know are
/// refused on write and make a pre-written config invalid.
@Suite struct StandInSchemaTests {
    static let base = #"{"gateway": {"mode": "local"}}"#

    /// deviceAutoApprove and identityScopes exist from 2026.8.1; before, they are unknown keys.
    @Test(arguments: [("2026.7.1-2", false), ("2026.8.1", true), ("2026.9.8", true)])
    func autoApprovalAndIdentityScopesExistFromAugust(version: String, known: Bool) throws {
        let openclaw = try StandInOpenClaw(version: version, config: Self.base)
        defer { openclaw.remove() }
        let approve = try openclaw.cli([
            "config", "set", "gateway.auth.trustedProxy",
            #"{"userHeader":"x-pomerium-claim-email","deviceAutoApprove":{"enabled":true,"scopes":["operator.read"]}}"#,
            "--strict-json",
        ])
        let identity = try openclaw.cli([
            "config", "set", "gateway.auth.identityScopes", #"{"a@example.com":["operator.admin"]}"#, "--strict-json",
        ])
        if known {
            #expect(approve.status == 0, "\(approve.stderr)")
            #expect(identity.status == 0, "\(identity.stderr)")
        } else {
            #expect(approve.status == 1)
            #expect(approve.stderr.contains(#"gateway.auth.trustedProxy: Unrecognized key: "deviceAutoApprove""#), "\(approve.stderr)")
            #expect(identity.status == 1)
            #expect(identity.stderr.contains(#"gateway.auth: Unrecognized key: "identityScopes""#), "\(identity.stderr)")
            #expect(!FileManager.default.contents(atPath: openclaw.configFile).map { String(decoding: $0, as: UTF8.self) }!
                .contains("identityScopes"))
        }
    }

    @Test func deviceAutoApproveIsAStrictObjectAndIdentityScopesAClosedScopeSet() throws {
        let openclaw = try StandInOpenClaw(version: "2026.8.1", config: Self.base)
        defer { openclaw.remove() }
        let extraKey = try openclaw.cli([
            "config", "set", "gateway.auth.trustedProxy",
            #"{"userHeader":"u","deviceAutoApprove":{"enabled":true,"admin":true}}"#, "--strict-json",
        ])
        #expect(extraKey.status == 1 && extraKey.stderr.contains(#"Unrecognized key: "admin""#), "\(extraKey.stderr)")
        let unknownScope = try openclaw.cli([
            "config", "set", "gateway.auth.identityScopes", #"{"a@example.com":["operator.root"]}"#, "--strict-json",
        ])
        #expect(unknownScope.status == 1, "\(unknownScope.stderr)")
        #expect(unknownScope.stderr.contains("gateway.auth.identityScopes: a@example.com: Invalid option"), "\(unknownScope.stderr)")
        let newScope = try openclaw.cli([
            "config", "set", "gateway.auth.identityScopes", #"{"a@example.com":["operator.questions"]}"#, "--strict-json",
        ])
        #expect(newScope.status == 0, "\(newScope.stderr)")
    }

    /// The Control UI's device-auth flag validates on every release (it is inert from 8.1).
    @Test(arguments: ["2026.6.5", "2026.9.8"])
    func theDeviceAuthFlagValidatesOnEveryRelease(version: String) throws {
        let openclaw = try StandInOpenClaw(version: version, config: Self.base)
        defer { openclaw.remove() }
        let set = try openclaw.cli(["config", "set", "gateway.controlUi.dangerouslyDisableDeviceAuth", "true"])
        #expect(set.status == 0, "\(set.stderr)")
    }

    @Test func bindAndReloadModesAreClosedSets() throws {
        let june = try StandInOpenClaw(version: "2026.7.1", config: Self.base)
        defer { june.remove() }
        #expect(try june.cli(["config", "set", "gateway.bind", "lan"]).status == 0)
        let everywhere = try june.cli(["config", "set", "gateway.bind", "everywhere"])
        #expect(everywhere.status == 1 && everywhere.stderr.contains("gateway.bind"), "\(everywhere.stderr)")
        #expect(try june.cli(["config", "set", "gateway.reload.mode", "hot"]).status == 0)
        let august = try StandInOpenClaw(version: "2026.8.1", config: Self.base)
        defer { august.remove() }
        #expect(try august.cli(["config", "set", "gateway.reload.mode", "hot"]).status == 1)
        #expect(try august.cli(["config", "set", "gateway.reload.mode", "off"]).status == 0)
    }

    /// A config written by hand with a key the release does not know: every command that reads
    /// it says so (`Config invalid at …`), and exits 1.
    @Test func aPreWrittenConfigWithAnUnknownKeyIsInvalid() throws {
        let openclaw = try StandInOpenClaw(
            version: "2026.7.1", config: #"{"gateway": {"mode": "local", "auth": {"identityScopes": {}}}}"#)
        defer { openclaw.remove() }
        let get = try openclaw.cli(["config", "get", "gateway", "--json"])
        #expect(get.status == 1)
        #expect(get.stderr.hasPrefix("Config invalid at \(openclaw.configFile).\n- gateway.auth: Unrecognized key"), "\(get.stderr)")
        #expect(try openclaw.cli(["config", "validate"]).status == 1)
    }
}
