import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The built `pomclaw` binary, as a user runs it, against the Zero simulator and the real
/// Docker engine with the stand-in images (`Tests/Docker/standin/build.sh`), ports on
/// 127.0.0.1 only: a fresh install, access through Pomerium only, SSH with a certificate from
/// pomclaw's own User CA, a converged re-run, status, reset and back, and a pomerium
/// container that moved to another address, an upgrade and an uninstall. One stack for the
/// whole story, in order.
@Suite(.serialized, .enabled(if: StackEngine.wanted)) struct EndToEndInstallTests {
    @Test(arguments: ComposeFlavor.installed)
    func installReRunStatusResetMoveUpgradeAndUninstallOnTheRealEngine(compose: ComposeFlavor) async throws {
        try await CLIFixture.with { cli in
            try await EndToEndInstall.with(cli, compose: compose) { run in
                let passwords = try await Self.freshInstall(run)
                try await Self.onlyPomeriumGetsIn(run)
                try await Self.sshWithTheGeneratedCA(run)
                try await Self.reRunChangesNothing(run)
                try await Self.statusIsOK(run)
                let token = try await Self.resetAndBack(run)
                try await Self.pomeriumMoves(run)
                try await Self.upgrade(run)
                try await Self.uninstall(run)

                let others = run.allResults.filter { !$0.stdout.contains(token) }
                #expect(others.count == run.allResults.count - 1, "the reset token was shown by more than one run")
                try cli.expectNoSecrets(
                    in: others, installDirectory: run.stack.path,
                    extra: passwords.map { ("the temporary gateway password", $0) } + [("the reset token", token)])
                try cli.expectNoSecrets(
                    in: run.allResults, installDirectory: run.stack.path,
                    extra: passwords.map { ("the temporary gateway password", $0) })
            }
        }
    }

    /// 1. `install` in a directory holding only an `.env` of POMCLAW_* lines: exit 0, the
    /// image used as it is, pomclaw's stack files, settings and User CA in place, one policy
    /// and two routes. The gateway's config was written before its first start: it starts in
    /// trusted-proxy auth (never with a temporary password), and one OpenClaw CLI read
    /// verifies it.
    /// Returns any temporary first-boot password seen in the gateway's config meanwhile.
    static func freshInstall(_ run: EndToEndInstall) async throws -> Set<String> {
        let cli = run.cli
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.stack.path) == [".env"])
        #expect(try run.env().keys.sorted().allSatisfy { $0.hasPrefix("POMCLAW_") })
        let watcher = ConfigPasswordWatcher(file: run.gatewayConfigFile)
        let first = try await run.pomclaw(run.installArguments)
        let passwords = watcher.stop()
        try #require(first.status == 0, "install exited \(first.status):\n\(first.stdout)\n\(first.stderr)")

        let calls = EndToEndInstall.dockerCalls(first)
        #expect(calls.contains("docker image inspect --format {{.Id}} openclaw:\(StackEngine.openclawVersion)"), "\(calls)")
        #expect(!calls.contains { $0.hasPrefix("docker compose build") }, "the existing image was rebuilt: \(calls)")
        #expect(!first.stderr.contains("building openclaw:"))
        #expect(passwords.isEmpty, "the gateway started with a temporary password: its config was not written first")
        let openclaw = EndToEndInstall.openclawCalls(calls)
        #expect(openclaw.count == 1, "OpenClaw CLI calls of a fresh install: \(openclaw)")
        let log = await run.stack.logs(StackNames.gateway, tail: 100)
        #expect(!log.contains("First boot"), "\(log)")

        for file in StackFiles.all {
            let written = FileManager.default.contents(atPath: run.stack.path + "/" + file.path)
            #expect(written == Data(file.contents.utf8), "\(file.path) is not pomclaw's")
        }
        let env = try run.env()
        #expect(env["POMERIUM_ZERO_TOKEN"] == cli.zeroToken)
        #expect(env["POMERIUM_CLUSTER_DOMAIN"] == cli.clusters[0].fqdn)
        #expect(env["OPERATOR_EMAIL"] == cli.email)
        #expect(env["OPENCLAW_VERSION"] == StackEngine.openclawVersion)
        #expect(env["POMCLAW_POMERIUM_IP"] == run.stack.pomeriumIP)
        #expect(env["POMERIUM_ZERO_API_TOKEN"] == nil, "the API token was stored in .env")
        let installed = try String(contentsOfFile: run.installedCA, encoding: .utf8)
        let generated = try String(contentsOfFile: run.generatedCA + ".pub", encoding: .utf8)
        #expect(SSHPublicKeyLine.keyPart(installed) == SSHPublicKeyLine.keyPart(generated))

        #expect(cli.sim.policies(org: cli.org).count == 1)
        #expect(cli.sim.routes(org: cli.org).count == 2)
        return passwords
    }

    /// 2. Through Pomerium the operator is let in as the operator; straight to the gateway with
    /// forged identity headers nobody is.
    static func onlyPomeriumGetsIn(_ run: EndToEndInstall) async throws {
        let email = run.cli.email
        let signedIn = try await run.throughPomerium(as: email)
        #expect(signedIn.status == 200, "\(signedIn.body)")
        let body = try EndToEndInstall.json(signedIn.body)
        #expect(body["user"] as? String == email)
        #expect(body["authMode"] as? String == "trusted-proxy")
        let origin = try await run.throughPomerium(
            as: email, headers: [("Origin", "https://openclaw.\(run.cli.clusters[0].fqdn)")])
        #expect(origin.status == 200, "the Control UI origin is refused: \(origin.body)")

        let forged = try await run.straightToGateway(forging: email)
        #expect(forged.status == 401, "\(forged.body)")
        #expect(forged.body.contains("trusted_proxy_untrusted_source"), "\(forged.body)")
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

    /// 4. A second `install` finds everything done: no Zero writes, at most two OpenClaw CLI
    /// calls.
    static func reRunChangesNothing(_ run: EndToEndInstall) async throws {
        let sim = run.cli.sim
        sim.clearRequests()
        let second = try await run.pomclaw(run.installArguments)
        try #require(second.status == 0, "re-run exited \(second.status):\n\(second.stdout)\n\(second.stderr)")
        let output = second.stdout + second.stderr
        #expect(output.contains("nothing to change: all \(InstallPlan.steps.count) steps were already done"), "\(output)")

        let writes = sim.requests.filter { $0.method != "GET" && !($0.method == "POST" && $0.path.hasSuffix("/token")) }
        #expect(writes.isEmpty, "a converged install wrote: \(writes.map { "\($0.method) \($0.path)" })")
        let calls = EndToEndInstall.dockerCalls(second)
        let openclaw = EndToEndInstall.openclawCalls(calls)
        #expect(!calls.isEmpty, "--verbose logged no docker call:\n\(second.stderr)")
        #expect(openclaw.count <= 2, "OpenClaw CLI calls of a converged run: \(openclaw)")
        #expect(!calls.contains { $0.contains(" up ") || $0.contains(" build ") || $0.contains(" restart ") }, "\(calls)")
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

    /// 6. `reset` puts the gateway in token auth (Pomerium's users are refused, the new token
    /// works); `install` converges back. Returns the token reset showed.
    static func resetAndBack(_ run: EndToEndInstall) async throws -> String {
        let email = run.cli.email
        let reset = try await run.pomclaw(["reset", "--yes"])
        try #require(reset.status == 0, "reset exited \(reset.status):\n\(reset.stdout)\n\(reset.stderr)")
        let prefix = "Gateway token (shown once; store it now): "
        let shown = reset.stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }
        try #require(shown.count == 1, "\(reset.stdout)")
        let token = String(shown[0].dropFirst(prefix.count))
        #expect(token.count >= 32)
        #expect((reset.stdout + reset.stderr).components(separatedBy: token).count == 2, "the token was shown more than once")

        let mode = try await run.stack.openclaw(["config", "get", "gateway.auth.mode"])
        #expect(mode.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "token", "\(mode.stdout)\(mode.stderr)")
        let refused = try await run.throughPomerium(as: email)
        #expect(refused.status == 401, "\(refused.body)")
        let withToken = try await run.throughPomerium(as: email, headers: [("Authorization", "Bearer \(token)")])
        #expect(withToken.status == 200, "the reset token does not let in: \(withToken.body)")

        let back = try await run.pomclaw(run.installArguments)
        try #require(back.status == 0, "install after reset exited \(back.status):\n\(back.stdout)\n\(back.stderr)")
        let accepted = try await run.throughPomerium(as: email)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(try EndToEndInstall.json(accepted.body)["user"] as? String == email)
        return token
    }

    /// 7. Pomerium gets another address (`POMCLAW_POMERIUM_IP` in `.env`): `install` recreates
    /// it and trusts the new address only.
    static func pomeriumMoves(_ run: EndToEndInstall) async throws {
        let old = run.stack.pomeriumIP
        let moved = old.split(separator: ".").dropLast().joined(separator: ".") + ".200"
        try run.setEnv("POMCLAW_POMERIUM_IP", moved)

        let install = try await run.pomclaw(run.installArguments)
        try #require(install.status == 0, "install after the move exited \(install.status):\n\(install.stdout)\n\(install.stderr)")
        #expect(install.stderr.contains("recreate pomerium: its configuration changed"), "\(install.stderr)")
        #expect(try await run.stack.address(StackNames.pomerium) == moved)
        let proxies = try await run.stack.openclaw(["config", "get", "gateway.trustedProxies", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(proxies.stdout.utf8)) as? [String]
        #expect(listed == [moved], "\(proxies.stdout)\(proxies.stderr)")
        #expect(try run.env()["POMCLAW_POMERIUM_IP"] == moved)

        let accepted = try await run.throughPomerium(as: run.cli.email)
        #expect(accepted.status == 200, "\(accepted.body)")
    }

    /// 8. `upgrade` to another release: the gateway is recreated from `openclaw:<new>` and
    /// the install converges. (No registry here: the stand-in image is tagged as the new
    /// release, so the image step finds it, as it would after a build.)
    static func upgrade(_ run: EndToEndInstall) async throws {
        let newer = "2026.7.1"
        let tagged = try StackEngine.docker(["tag", "openclaw:\(Settings.defaultOpenClawVersion)", "openclaw:\(newer)"])
        try #require(tagged.status == 0, "docker tag: \(tagged.stderr)")
        defer {
            _ = try? StackEngine.docker(["rmi", "openclaw:\(newer)"])
        }
        let before = try await run.stack.state(StackNames.gateway).id
        let upgrade = try await run.pomclaw(["upgrade", "--openclaw", newer, "--verbose"])
        try #require(upgrade.status == 0, "upgrade exited \(upgrade.status):\n\(upgrade.stdout)\n\(upgrade.stderr)")
        #expect(try run.env()["OPENCLAW_VERSION"] == newer)
        let gateway = try await run.stack.state(StackNames.gateway)
        #expect(gateway.image == "openclaw:\(newer)")
        #expect(gateway.id != before, "the gateway was not recreated")
        #expect(!EndToEndInstall.dockerCalls(upgrade).contains { $0.contains(" build ") }, "upgrade built an image that exists")
        let accepted = try await run.throughPomerium(as: run.cli.email)
        #expect(accepted.status == 200, "\(accepted.body)")
    }

    /// 9. `uninstall --yes`: the stack stopped, the routes and the policy gone from Zero; a
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
