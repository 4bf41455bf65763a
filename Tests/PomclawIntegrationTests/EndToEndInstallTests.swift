import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The built `pomclaw` binary, as a user runs it, against the Zero simulator and the real
/// Docker engine with the faithful stand-in images (`Tests/Docker/standin/build.sh`, one per
/// OpenClaw release), ports on 127.0.0.1 only. One stack for the whole story, in order: a
/// fresh install on 2026.6.5, access through Pomerium only, SSH with pomclaw's User CA, a
/// converged re-run and status, reset and back, a pomerium container that moved (a config
/// write to the running gateway: a real in-process restart), upgrades 2026.6.5 → 2026.7.1 →
/// 2026.9.8 (across the device-auth rework), reset and back on 2026.9.8, a refused downgrade,
/// and an uninstall; under the second Compose flavor, the story up to the first reset, then
/// the uninstall. After every install the operator's Control UI WebSocket through Pomerium
/// is admitted as admin without a device pairing request, and a forged connect straight to
/// the gateway is refused with the gateway's own reason.
@Suite(.serialized, .enabled(if: StackEngine.wanted)) struct EndToEndInstallTests {
    @Test(arguments: ComposeFlavor.installed)
    func installResetMoveUpgradeAcrossReleasesAndUninstallOnTheRealEngine(compose: ComposeFlavor) async throws {
        try StackEngine.requireOpenClaw(["2026.6.5", "2026.7.1", "2026.9.8"])
        let costs = ScenarioCosts()
        try await CLIFixture.with { cli in
            try await EndToEndInstall.with(cli, compose: compose) { run in
                let passwords = try await Self.freshInstall(run, costs)
                try await Self.onlyPomeriumGetsIn(run)
                try await Self.sshWithTheGeneratedCA(run)
                try await Self.reRunChangesNothing(run, costs)
                try await Self.statusIsOK(run)
                var tokens = [try await Self.resetAndBack(run, costs, "2026.6.5")]
                // The release story runs once, under the preferred Compose: what it adds is
                // OpenClaw's, and the other Compose has run every kind of compose command by now.
                if compose == .preferred {
                    try await Self.pomeriumMoves(run, costs)
                    try await Self.upgrade(run, costs, to: "2026.7.1")
                    try await Self.upgrade(run, costs, to: "2026.9.8")
                    tokens.append(try await Self.resetAndBack(run, costs, "2026.9.8"))
                    try await Self.reRunChangesNothing(run, costs)
                    try await Self.goingBackIsRefused(run)
                }
                try await Self.uninstall(run)

                print("end-to-end costs (Compose \(compose.rawValue)):\n" + costs.report)
                let others = run.allResults.filter { result in !tokens.contains { result.stdout.contains($0) } }
                #expect(others.count == run.allResults.count - tokens.count, "a reset token was shown by more than one run")
                try cli.expectNoSecrets(
                    in: others, installDirectory: run.stack.path,
                    extra: passwords.map { ("the temporary gateway password", $0) } + tokens.map { ("a reset token", $0) })
            }
        }
    }

    /// 1. `install` in a directory holding only an `.env` of POMCLAW_* lines: exit 0, pomclaw's
    /// stack files, settings and User CA in place, one policy and two routes. The gateway's
    /// config was written before its first start: it starts in trusted-proxy auth (never with
    /// a temporary password), listening on the stack network, and one OpenClaw CLI read
    /// verifies it; no restart.
    static func freshInstall(_ run: EndToEndInstall, _ costs: ScenarioCosts) async throws -> Set<String> {
        let cli = run.cli
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.stack.path) == [".env"])
        let watcher = ConfigPasswordWatcher(file: run.gatewayConfigFile)
        let first = try await run.pomclaw(run.installArguments)
        let passwords = watcher.stop()
        try #require(first.status == 0, "install exited \(first.status):\n\(first.stdout)\n\(first.stderr)")

        let calls = EndToEndInstall.dockerCalls(first)
        #expect(!calls.contains { $0.hasPrefix("docker compose build") }, "the existing image was rebuilt: \(calls)")
        #expect(passwords.isEmpty, "the gateway started with a temporary password: its config was not written first")
        let openclaw = EndToEndInstall.openclawCalls(calls)
        #expect(openclaw.count == 1, "OpenClaw CLI calls of a fresh install: \(openclaw)")
        let restarts = await run.gatewayRestarts()
        #expect(restarts == 0)
        costs.record("fresh install (2026.6.5)", openclaw: openclaw.count, restarts: restarts)

        for file in StackFiles.all {
            let written = FileManager.default.contents(atPath: run.stack.path + "/" + file.path)
            #expect(written == Data(file.contents.utf8), "\(file.path) is not pomclaw's")
        }
        let env = try run.env()
        #expect(env["OPENCLAW_VERSION"] == "2026.6.5")
        #expect(env["POMCLAW_POMERIUM_IP"] == run.stack.pomeriumIP)
        #expect(env["POMERIUM_ZERO_API_TOKEN"] == nil, "the API token was stored in .env")
        let bind = try await run.stack.openclaw(["config", "get", "gateway.bind"])
        #expect(bind.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "lan", "\(bind.stdout)\(bind.stderr)")
        #expect(cli.sim.policies(org: cli.org).count == 1)
        #expect(cli.sim.routes(org: cli.org).count == 2)
        #expect(try run.webRouteHeaders() == ["x-openclaw-scopes": "operator.admin"])
        return passwords
    }

    /// 2. Through Pomerium the operator's Control UI is admitted as admin at once, without a
    /// pairing request; anonymous requests are sent to sign in; a connect straight to the
    /// gateway with forged identity headers is refused with the gateway's reason; the Control
    /// UI page itself is served without auth (openclaw-audit.md #27).
    static func onlyPomeriumGetsIn(_ run: EndToEndInstall) async throws {
        try await run.applyWebRoute()
        try await operatorIsAdmin(run)
        let port = try await run.stack.publishedPort(StackNames.pomerium, 443)
        let anonymous = try PlainHTTP.get(host: "127.0.0.1", port: port)
        #expect(anonymous.status == 302, "\(anonymous.body)")
        let page = try PlainHTTP.get(host: "127.0.0.1", port: port, headers: [("X-Standin-Login", run.cli.email)])
        #expect(page.status == 200, "\(page.body)")
    }

    /// The operator's new browser through Pomerium: admitted, `operator.admin`, no pending
    /// pairing request; a forged connect straight to the gateway: refused, with the reason a
    /// real gateway gives for a source that is not the trusted proxy.
    static func operatorIsAdmin(_ run: EndToEndInstall) async throws {
        let session = try await run.controlUIThroughPomerium(as: run.cli.email)
        #expect(session.admitted, "the operator's Control UI was refused: \(session)")
        #expect(session.scopes?.contains(OpenClawCapabilities.adminScope) == true, "\(session)")
        // The gateway's pairing store (standin_devices.py, after openclaw's pairing files).
        let store = run.stack.path + "/openclaw-data/config/.openclaw/devices/pending.json"
        if let data = FileManager.default.contents(atPath: store) {
            let pending = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(pending?.isEmpty ?? true, "a pairing request waits: \(String(decoding: data, as: UTF8.self))")
        }
        let forged = try await run.controlUIStraightToGateway(forging: run.cli.email)
        #expect(!forged.admitted, "a forged connect got in: \(forged)")
        #expect(forged.authReason == "trusted_proxy_untrusted_source", "\(forged)")
    }

    /// 3. `ssh claw@…` through Pomerium's published SSH port with a certificate from pomclaw's
    /// User CA; one from another CA (the fixture's) is refused.
    static func sshWithTheGeneratedCA(_ run: EndToEndInstall) async throws {
        let port = try await run.stack.publishedPort(StackNames.pomerium, 22)
        let claw = try StackSSH.login(as: "claw", port: port, certifiedBy: run.generatedCA, in: run.stack.scratch)
        #expect(claw.status == 0, "ssh: \(claw.stderr)")
        #expect(claw.stdout == "claw\n")
        let other = try TemporaryDirectory("pomclaw-e2e-other-ca")
        defer { other.remove() }
        let refused = try StackSSH.login(as: "claw", port: port, certifiedBy: run.stack.userCA, in: other)
        #expect(refused.status != 0, "a certificate from another CA logged in: \(refused.stdout)")
    }

    /// 4. Another `install` finds everything done: no Zero writes, no gateway write, no restart.
    static func reRunChangesNothing(_ run: EndToEndInstall, _ costs: ScenarioCosts) async throws {
        let sim = run.cli.sim
        sim.clearRequests()
        let restarts = await run.gatewayRestarts()
        let again = try await run.pomclaw(run.installArguments)
        try #require(again.status == 0, "re-run exited \(again.status):\n\(again.stdout)\n\(again.stderr)")
        let output = again.stdout + again.stderr
        #expect(output.contains("nothing to change: all \(InstallPlan.steps.count) steps were already done"), "\(output)")
        let writes = sim.requests.filter { $0.method != "GET" && !($0.method == "POST" && $0.path.hasSuffix("/token")) }
        #expect(writes.isEmpty, "a converged install wrote: \(writes.map { "\($0.method) \($0.path)" })")
        let calls = EndToEndInstall.dockerCalls(again)
        let openclaw = EndToEndInstall.openclawCalls(calls)
        #expect(openclaw.allSatisfy { !$0.contains(" patch ") }, "\(openclaw)")
        #expect(!calls.contains { $0.contains(" up ") || $0.contains(" build ") || $0.contains(" restart ") }, "\(calls)")
        let restarted = await run.gatewayRestarts() - restarts
        #expect(restarted == 0)
        costs.record("converged re-run (\(try run.env()["OPENCLAW_VERSION"] ?? "?"))", openclaw: openclaw.count, restarts: restarted)
    }

    /// 5. `status` and `status --json` report everything in place.
    static func statusIsOK(_ run: EndToEndInstall) async throws {
        let token = ["--api-token-file", run.cli.apiTokenFile]
        let status = try await run.pomclaw(["status"] + token)
        #expect(status.status == 0, "status:\n\(status.stdout)\n\(status.stderr)")
        let json = try await run.pomclaw(["status", "--json"] + token)
        #expect(json.status == 0, "status --json:\n\(json.stdout)\n\(json.stderr)")
        #expect(try EndToEndInstall.json(json.stdout)["ok"] as? Bool == true, "\(json.stdout)")
    }

    /// 6. `reset` on a gateway in trusted-proxy mode: token auth with the token shown once, the
    /// trusted-proxy settings gone, devices cleared by an authenticated RPC, one restart;
    /// Pomerium's users are refused and the token lets in. `install` converges back (one more
    /// write and restart) and the operator is admin again. Returns the token.
    static func resetAndBack(_ run: EndToEndInstall, _ costs: ScenarioCosts, _ version: String) async throws -> String {
        let email = run.cli.email
        let before = await run.gatewayRestarts()
        let reset = try await run.pomclaw(["reset", "--yes", "--verbose"])
        try #require(reset.status == 0, "reset on \(version) exited \(reset.status):\n\(reset.stdout)\n\(reset.stderr)")
        let prefix = "Gateway token (shown once; store it now): "
        let shown = reset.stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }
        try #require(shown.count == 1, "\(reset.stdout)")
        let token = String(shown[0].dropFirst(prefix.count))
        #expect(token.count >= 32)
        #expect((reset.stdout + reset.stderr).components(separatedBy: token).count == 2, "the token was shown more than once")
        let resetOpenClaw = EndToEndInstall.openclawCalls(EndToEndInstall.dockerCalls(reset))
        let resetRestarts = await run.gatewayRestarts() - before
        #expect(resetRestarts == 1, "restarts of reset: \(resetRestarts)")
        costs.record("reset (\(version))", openclaw: resetOpenClaw.count, restarts: resetRestarts)

        let auth = try await run.stack.openclaw(["config", "get", "gateway.auth", "--json"])
        let authObject = try EndToEndInstall.json(auth.stdout)
        #expect(authObject["mode"] as? String == "token", "\(auth.stdout)")
        #expect(authObject["trustedProxy"] == nil, "\(auth.stdout)")
        let proxies = try await run.stack.openclaw(["config", "get", "gateway.trustedProxies"])
        #expect(proxies.status != 0, "trustedProxies left: \(proxies.stdout)")
        let refused = try await run.controlUIThroughPomerium(as: email)
        #expect(!refused.admitted, "a Pomerium user got in after the reset: \(refused)")
        // The Control UI's runtime config sits behind gateway auth (docs/web/control-ui.md):
        // the signed-in user alone is refused, the new token lets in.
        let port = try await run.stack.publishedPort(StackNames.pomerium, 443)
        let path = "/__openclaw/control-ui-config.json"
        let signedIn = [("X-Standin-Login", email)]
        let alone = try PlainHTTP.get(host: "127.0.0.1", port: port, path: path, headers: signedIn)
        #expect(alone.status == 401, "\(alone.status) \(alone.body)")
        let withToken = try PlainHTTP.get(
            host: "127.0.0.1", port: port, path: path, headers: signedIn + [("Authorization", "Bearer \(token)")])
        #expect(withToken.status == 200, "the reset token does not let in: \(withToken.status) \(withToken.body)")

        let restarts = await run.gatewayRestarts()
        let back = try await run.pomclaw(run.installArguments)
        try #require(back.status == 0, "install after reset exited \(back.status):\n\(back.stdout)\n\(back.stderr)")
        let backRestarts = await run.gatewayRestarts() - restarts
        #expect(backRestarts == 1, "restarts of install after reset: \(backRestarts)")
        costs.record(
            "install after reset (\(version))", openclaw: EndToEndInstall.openclawCalls(EndToEndInstall.dockerCalls(back)).count,
            restarts: backRestarts)
        try await run.applyWebRoute()
        try await operatorIsAdmin(run)
        return token
    }

    /// 7. Pomerium gets another address (`POMCLAW_POMERIUM_IP` in `.env`): `install` recreates
    /// it and trusts the new address only — a write to the running gateway, one restart,
    /// waited out before the read-back.
    static func pomeriumMoves(_ run: EndToEndInstall, _ costs: ScenarioCosts) async throws {
        let old = run.stack.pomeriumIP
        let moved = old.split(separator: ".").dropLast().joined(separator: ".") + ".200"
        try run.setEnv("POMCLAW_POMERIUM_IP", moved)
        let restarts = await run.gatewayRestarts()
        let install = try await run.pomclaw(run.installArguments)
        try #require(install.status == 0, "install after the move exited \(install.status):\n\(install.stdout)\n\(install.stderr)")
        #expect(install.stderr.contains("recreate pomerium: its configuration changed"), "\(install.stderr)")
        #expect(try await run.stack.address(StackNames.pomerium) == moved)
        let proxies = try await run.stack.openclaw(["config", "get", "gateway.trustedProxies", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(proxies.stdout.utf8)) as? [String]
        #expect(listed == [moved], "\(proxies.stdout)\(proxies.stderr)")
        let restarted = await run.gatewayRestarts() - restarts
        #expect(restarted == 1)
        costs.record(
            "pomerium address moved", openclaw: EndToEndInstall.openclawCalls(EndToEndInstall.dockerCalls(install)).count,
            restarts: restarted)
        try await run.applyWebRoute()
        try await operatorIsAdmin(run)
    }

    /// 8. `upgrade` to another release, with the API token: the gateway is recreated from
    /// `openclaw:<new>` and its config converted for that release in the same run (across
    /// 2026.8.1: device auto-approval and the operator's grant instead of the exemption, and
    /// the web route without `x-openclaw-scopes`); the operator is admin in the Control UI
    /// without pairing. (No registry here: the stand-in image of each release exists, so the
    /// image step finds it, as it would after a build.)
    static func upgrade(_ run: EndToEndInstall, _ costs: ScenarioCosts, to version: String) async throws {
        let before = try await run.stack.state(StackNames.gateway).id
        let upgrade = try await run.pomclaw(["upgrade", "--openclaw", version, "--verbose", "--api-token-file", run.cli.apiTokenFile])
        try #require(upgrade.status == 0, "upgrade to \(version) exited \(upgrade.status):\n\(upgrade.stdout)\n\(upgrade.stderr)")
        #expect(try run.env()["OPENCLAW_VERSION"] == version)
        let gateway = try await run.stack.state(StackNames.gateway)
        #expect(gateway.image == "openclaw:\(version)")
        #expect(gateway.id != before, "the gateway was not recreated")
        #expect(!EndToEndInstall.dockerCalls(upgrade).contains { $0.contains(" build ") }, "upgrade built an image that exists")
        costs.record(
            "upgrade to \(version)", openclaw: EndToEndInstall.openclawCalls(EndToEndInstall.dockerCalls(upgrade)).count,
            restarts: await run.gatewayRestarts())
        let reworked = OpenClawCapabilities(version: version)!.has(.identityScopes)
        if reworked {
            #expect((upgrade.stdout + upgrade.stderr).contains("no way back"), "\(upgrade.stderr)")
            let config = try await run.stack.openclaw(["config", "get", "gateway", "--json"])
            let gatewayConfig = try EndToEndInstall.json(config.stdout)
            let auth = gatewayConfig["auth"] as? [String: Any]
            #expect((auth?["identityScopes"] as? [String: Any])?[run.cli.email] != nil, "\(config.stdout)")
            #expect(((auth?["trustedProxy"] as? [String: Any])?["deviceAutoApprove"] as? [String: Any])?["enabled"] as? Bool == true)
            #expect((gatewayConfig["controlUi"] as? [String: Any])?["dangerouslyDisableDeviceAuth"] == nil)
        }
        #expect(try run.webRouteHeaders() == (reworked ? [:] : ["x-openclaw-scopes": "operator.admin"]))
        try await run.applyWebRoute()
        try await operatorIsAdmin(run)
    }

    /// 9. Back below 2026.8.1 after it ran: refused before anything changes.
    static func goingBackIsRefused(_ run: EndToEndInstall) async throws {
        let before = try await run.stack.state(StackNames.gateway).id
        let back = try await run.pomclaw(["upgrade", "--openclaw", "2026.7.1"])
        #expect(back.status == 1, "\(back.stdout)\n\(back.stderr)")
        #expect(back.stderr.contains("migrated its data one way"), "\(back.stderr)")
        #expect(try run.env()["OPENCLAW_VERSION"] == "2026.9.8")
        #expect(try await run.stack.state(StackNames.gateway).id == before)
    }

    /// 10. `uninstall --yes`: the stack stopped, the routes and the policy gone from Zero; a
    /// second run finds everything already absent and exits 0.
    static func uninstall(_ run: EndToEndInstall) async throws {
        let uninstall = try await run.pomclaw(["uninstall", "--yes", "--api-token-file", run.cli.apiTokenFile])
        try #require(uninstall.status == 0, "uninstall exited \(uninstall.status):\n\(uninstall.stdout)\n\(uninstall.stderr)")
        let left = try await run.stack.compose(["ps", "-a", "-q"])
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "containers left: \(left.stdout)")
        #expect(run.cli.sim.policies(org: run.cli.org).isEmpty)
        #expect(run.cli.sim.routes(org: run.cli.org).isEmpty)
        #expect(FileManager.default.fileExists(atPath: run.generatedCA), "keys are kept without --purge")
        let again = try await run.pomclaw(["uninstall", "--yes", "--api-token-file", run.cli.apiTokenFile])
        #expect(again.status == 0, "second uninstall exited \(again.status):\n\(again.stdout)\n\(again.stderr)")
    }
}
