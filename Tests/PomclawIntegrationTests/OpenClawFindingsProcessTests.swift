import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The OpenClaw fidelity findings (openclaw-audit.md, openclaw-versions.md), one process test
/// each: the built binary against the simulator and the fake Docker host, whose gateway
/// behaves as the references say a real one does (restarts in its process on a config write,
/// serves `devices` RPCs only to an authenticated caller, refuses unknown keys by release,
/// exits 78 with its own log line). Each failed on the pomclaw these findings were made
/// against.
@Suite(.serialized) struct OpenClawFindingsProcessTests {
    /// The gateway's config file in an install directory.
    static func config(_ fixture: CLIFixture) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.install.file("openclaw-data/config/.openclaw/openclaw.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func gateway(_ fixture: CLIFixture) throws -> [String: Any] {
        try #require(try config(fixture)["gateway"] as? [String: Any])
    }

    /// `reset` on a gateway in trusted-proxy mode works: token auth, devices cleared by an
    /// RPC the gateway now serves, one restart. (Before: `devices clear` ran first and was
    /// refused as unauthorized, so nothing was reset.)
    @Test func resetWorksOnAGatewayInTrustedProxyMode() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(install.status == 0, "install: \(install.stderr)")
            fixture.docker.clearCalls()
            let reset = try await fixture.run(["reset", "--yes"])
            #expect(reset.status == 0, "reset: \(reset.stdout)\n\(reset.stderr)")
            #expect(reset.stderr.contains("cleared OpenClaw's paired devices"))
            let auth = try #require(try Self.gateway(fixture)["auth"] as? [String: Any])
            #expect(auth["mode"] as? String == "token")
            #expect(auth["trustedProxy"] == nil)
            let calls = try fixture.docker.calls()
            let restarts = (calls.last?.gatewayRestarts ?? 0) - (calls.first?.gatewayRestarts ?? 0)
            #expect(restarts == 1, "gateway restarts of reset: \(restarts)")
            let back = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(back.status == 0, "install after reset: \(back.stderr)")
        }
    }

    /// A write to the running gateway restarts it; the run that wrote waits until it serves
    /// again, so `status` right after finds it ready. The restart here is long (5 s), so a run
    /// that did not wait ends inside it. (Before: install ended at once and status found the
    /// gateway not answering.)
    @Test func aConfigWriteIsWaitedOutBeforeTheRunEnds() async throws {
        try await CLIFixture.with(dockerSettings: ["FAKE_DOCKER_GATEWAY_RESTART_MS": "5000"]) { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(install.status == 0, "install: \(install.stderr)")
            try EnvFileLine.set("POMCLAW_POMERIUM_IP", "172.30.0.20", in: fixture.install.file(".env"))
            fixture.docker.clearCalls()
            let moved = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(moved.status == 0, "install after the move: \(moved.stderr)")
            let calls = try fixture.docker.calls()
            let writes = calls.filter { $0.isOpenClaw && $0.argv.contains("patch") }
            #expect(writes.count == 1, "one config write: \(writes.map(\.argv))")
            let status = try await fixture.run(["status"])
            #expect(status.stdout.contains("  ok       OpenClaw gateway and Pomerium"), "\(status.stdout)")
            #expect(status.stdout.contains("trusted-proxy via 172.30.0.20"), "\(status.stdout)")
        }
    }

    /// An upgrade across 2026.8.1 converts the gateway's config in the same run: device
    /// auto-approval and the operator's admin grant, no exemption flag (inert from 2026.8.1);
    /// with the API token, the web route loses `x-openclaw-scopes`. (Before: the config kept
    /// only the exemption, so every browser would wait for a pairing no one can approve.)
    @Test func anUpgradeAcrossTheReworkConvertsTheConfigAndTheRoute() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(install.status == 0, "install: \(install.stderr)")
            let upgrade = try await fixture.run(["upgrade", "--openclaw", "2026.9.8", "--api-token-file", fixture.apiTokenFile])
            try #require(upgrade.status == 0, "upgrade: \(upgrade.stdout)\n\(upgrade.stderr)")
            #expect(upgrade.stderr.contains("no way back"), "\(upgrade.stderr)")
            let gateway = try Self.gateway(fixture)
            let auth = try #require(gateway["auth"] as? [String: Any])
            let approve = (auth["trustedProxy"] as? [String: Any])?["deviceAutoApprove"] as? [String: Any]
            #expect(approve?["enabled"] as? Bool == true)
            #expect((auth["identityScopes"] as? [String: Any])?[fixture.email] as? [String] == ["operator.admin"])
            #expect((gateway["controlUi"] as? [String: Any])?["dangerouslyDisableDeviceAuth"] == nil)
            let web = fixture.sim.routes(org: fixture.org).first { $0["name"]?.stringValue == "openclaw-web" }
            guard case .object(let headers)? = web?["setRequestHeaders"] else {
                #expect(web?["setRequestHeaders"] == nil || web?["setRequestHeaders"] == .null)
                return
            }
            #expect(headers["x-openclaw-scopes"] == nil, "\(headers)")

            let back = try await fixture.run(["upgrade", "--openclaw", "2026.7.1"])
            #expect(back.status == 1)
            #expect(back.stderr.contains("migrated its data one way"), "\(back.stderr)")
        }
    }

    /// A missing `gateway.mode` and a refused bind both exit 78; pomclaw tells them apart by
    /// the log line. (Before: both were "refused to bind", with advice to rebuild the image.)
    @Test(arguments: [
        ("mode", "OpenClaw refuses to start without gateway.mode=local in its config", "refused to listen"),
        ("bind", "OpenClaw refused to listen beyond the container's loopback without an auth path", "without gateway.mode"),
    ])
    func aCrashLoopIsToldByItsLogLine(_ crash: String, _ said: String, _ notSaid: String) async throws {
        try await CLIFixture.with(dockerSettings: ["FAKE_DOCKER_GATEWAY_CRASH": crash]) { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 1)
            #expect(install.stderr.contains("exit status 78"), "\(install.stderr)")
            #expect(install.stderr.contains(said), "\(install.stderr)")
            #expect(!install.stderr.contains(notSaid), "\(install.stderr)")
        }
    }

    /// The gateway listens on the stack network by its config (`gateway.bind` = `lan`), not
    /// only by OpenClaw's container detection. (Before: no bind was written.)
    @Test func theBindIsExplicit() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(install.status == 0, "install: \(install.stderr)")
            #expect(try Self.gateway(fixture)["bind"] as? String == "lan")
        }
    }

    /// A workspace the gateway wrote where OpenClaw keeps it (inside the config mount, under
    /// the old compose.yaml) ends up in openclaw-data/workspace. (Before: it stayed there and
    /// openclaw-data/workspace stayed empty.)
    @Test func anOlderInstallsWorkspaceMovesToOpenClawData() async throws {
        try await CLIFixture.with { fixture in
            let old = fixture.install.file("openclaw-data/config/.openclaw/workspace")
            try FileManager.default.createDirectory(atPath: old + "/memory", withIntermediateDirectories: true)
            try Data("my agent\n".utf8).write(to: URL(fileURLWithPath: old + "/AGENTS.md"))
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            try #require(install.status == 0, "install: \(install.stderr)")
            let moved = fixture.install.file("openclaw-data/workspace/AGENTS.md")
            #expect(FileManager.default.contents(atPath: moved) == Data("my agent\n".utf8))
            #expect(FileManager.default.fileExists(atPath: fixture.install.file("openclaw-data/workspace/memory")))
        }
    }
}

/// The supported range (README, "OpenClaw releases"): install, a converged re-run, reset and
/// back, and a moved pomerium address, on the guide's pin, the last release before the
/// device-auth rework and the newest known release, against the fake Docker host's gateway of
/// that release.
@Suite(.serialized) struct OpenClawReleaseRangeProcessTests {
    @Test(arguments: ["2026.6.5", "2026.7.1", "2026.9.8"])
    func installReRunResetAndMoveOnEachRelease(_ version: String) async throws {
        try await CLIFixture.with { fixture in
            let arguments = fixture.arguments(["--yes", "--openclaw-version", version])
            let install = try await fixture.run(arguments)
            try #require(install.status == 0, "install on \(version): \(install.stderr)")
            let again = try await fixture.run(arguments)
            #expect(again.status == 0 && again.stderr.contains("nothing to change"), "re-run on \(version): \(again.stderr)")
            let reset = try await fixture.run(["reset", "--yes"])
            #expect(reset.status == 0, "reset on \(version): \(reset.stderr)")
            let back = try await fixture.run(arguments)
            #expect(back.status == 0, "install after reset on \(version): \(back.stderr)")
            try EnvFileLine.set("POMCLAW_POMERIUM_IP", "172.30.0.21", in: fixture.install.file(".env"))
            let moved = try await fixture.run(arguments)
            #expect(moved.status == 0, "install after the move on \(version): \(moved.stderr)")
            let gateway = try OpenClawFindingsProcessTests.gateway(fixture)
            #expect(gateway["trustedProxies"] as? [String] == ["172.30.0.21"])
            let auth = gateway["auth"] as? [String: Any]
            let reworked = version == "2026.9.8"
            #expect((auth?["identityScopes"] != nil) == reworked, "\(gateway)")
            #expect(((gateway["controlUi"] as? [String: Any])?["dangerouslyDisableDeviceAuth"] != nil) == !reworked)
        }
    }
}
