import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct TrustedProxyStepTests {
    let step = TrustedProxyStep()

    /// The first-boot config the entrypoint leaves: one `config patch` (the password deleted in
    /// it), the gateway's restart waited out, then the runner's re-check reads it back.
    @Test func firstBootConvergesInOneWriteAndWaitsForTheRestart() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h = GatewayHarness(gateway: GatewayHarness.firstBoot)
        let report = await Runner([step]).run(h.context(dir))
        guard case .changed(let changes) = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(changes == [
            "bind (unset) → lan",
            "trustedProxies (unset) → [\"172.30.0.10\"]",
            "auth.mode (unset) → trusted-proxy (removes auth.password)",
        ])
        #expect(h.openclawCalls == [["config", "get", "gateway", "--json"], ["config", "patch", "--stdin"], ["config", "get", "gateway", "--json"]])
        #expect(h.gateway.writes == 1 && h.gateway.restarts == 1)
        let gateway = GatewayConfig(try #require(h.gateway.gateway))
        #expect(!gateway.hasPassword && !gateway.hasToken)
        #expect(gateway.trustedProxies == ["172.30.0.10"])
        #expect(InstallState.read(InstallDirectory(dir.path)).openclawOrigins == [GatewayHarness.origin])
        // The re-check read came after the gateway served again.
        let write = try #require(h.docker.commands.firstIndex { FakeGateway.openclawArguments($0)?[1] == "patch" })
        #expect(h.docker.commands[(write + 1)...].first == .gatewayProbe)
        #expect(h.time.sleeps.reduce(0, +) >= FakeGateway.restartSeconds)
    }

    @Test func emptyConfigGetsEveryFieldInOneWrite() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h = GatewayHarness(gateway: nil)
        let report = await Runner([step]).run(h.context(dir))
        guard case .changed(let changes) = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(changes.count == 7)
        #expect(h.docker.openclawInvocations == 3)
        #expect(h.gateway.writes == 1)
        #expect(h.gateway.gateway == GatewayHarness.converged().filter { $0.key != "reload" })
    }

    /// On releases from 2026.8.1 the same step writes device auto-approval and the operator's
    /// admin grant, never the exemption flag.
    @Test func aReworkedReleaseGetsAutoApprovalAndTheOperatorsGrant() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h = GatewayHarness(gateway: nil, version: "2026.9.8")
        let report = await Runner([step]).run(h.context(dir))
        guard case .changed = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(h.gateway.gateway == GatewayHarness.convergedReworked())
        #expect(InstallState.read(InstallDirectory(dir.path)).openclawAdmins == [Settings.example.operatorEmail])
    }

    /// A new operator on a reworked release: the grant moves, in one write.
    @Test func anOperatorChangeMovesTheGrant() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var state = InstallState()
        state.openclawOrigins = [GatewayHarness.origin]
        state.openclawAdmins = ["old@example.com"]
        try state.write(InstallDirectory(dir.path))
        let h = GatewayHarness(gateway: GatewayHarness.convergedReworked(email: "old@example.com"), version: "2026.8.1")
        let report = await Runner([step]).run(h.context(dir, email: "new@example.com"))
        #expect(report.steps[0].outcome == .changed([
            "auth.identityScopes[new@example.com] (unset) → [\"operator.admin\"]",
            "remove auth.identityScopes[old@example.com] (pomclaw's grant for a previous operator)",
        ]))
        #expect(h.gateway.gateway == GatewayHarness.convergedReworked(email: "new@example.com"))
        #expect(InstallState.read(InstallDirectory(dir.path)).openclawAdmins == ["new@example.com"])
    }

    /// With `gateway.reload.mode: off` a write does not restart the gateway: pomclaw restarts
    /// the container and waits until it answers.
    @Test func reloadOffRestartsTheContainer() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var config = GatewayHarness.converged("172.30.0.5")
        config["reload"] = ["mode": "off"]
        let h = GatewayHarness(gateway: config)
        let docker = FakeDocker { command in
            if command == .restart(StackNames.gateway) { return DockerResult() }
            return h.stack.answer(command) ?? h.gateway.answer(command)
        }
        var context = h.context(dir)
        context.docker = docker
        try await step.apply(context)
        #expect(docker.commands.contains(.restart(StackNames.gateway)))
        #expect(h.gateway.restarts == 0)
    }

    @Test func convergedCostsOneCallAndNoWrite() async throws {
        let h = GatewayHarness(gateway: GatewayHarness.converged())
        let report = await Runner([step]).run(h.context())
        #expect(report.steps[0].outcome == .alreadyDone("trusted-proxy via 172.30.0.10"))
        #expect(h.docker.openclawInvocations == 1)
        #expect(h.docker.commands.count == 3)
        #expect(h.gateway.writes == 0)
    }

    @Test func changedPomeriumAddressRewritesOnlyTrustedProxies() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h = GatewayHarness(gateway: GatewayHarness.converged("172.30.0.5"))
        let check = try await step.check(h.context(dir))
        #expect(check == .changes(Plan(["trustedProxies [\"172.30.0.5\"] → [\"172.30.0.10\"]"])))
        try await step.apply(h.context(dir))
        #expect(h.gateway.inputs == [#"{"gateway":{"trustedProxies":["172.30.0.10"]}}"#])
        #expect(h.docker.openclawInvocations == 2)
        #expect(try await step.check(h.context(dir)) == .done("trusted-proxy via 172.30.0.10"))
    }

    @Test func domainChangeKeepsUserOriginsAndDropsTheOldOne() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let old = "https://openclaw.old-cat-7.pomerium.app"
        var state = InstallState()
        state.openclawOrigins = [old]
        try state.write(InstallDirectory(dir.path))
        let h = GatewayHarness(
            gateway: GatewayHarness.converged(origins: ["https://mine.example", .string(old), "http://localhost:5173"]))
        let domain = "new-dog-2.pomerium.app"
        let report = await Runner([step]).run(h.context(dir, domain: domain))
        guard case .changed(let changes) = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(changes == [
            "controlUi.allowedOrigins − \(old) (pomclaw's origin for a previous cluster domain)",
            "controlUi.allowedOrigins + https://openclaw.\(domain)",
        ])
        #expect(GatewayConfig(try #require(h.gateway.gateway)).allowedOrigins == [
            "https://mine.example", "http://localhost:5173", .string("https://openclaw.\(domain)"),
        ])
        #expect(InstallState.read(InstallDirectory(dir.path)).openclawOrigins == ["https://openclaw.\(domain)"])
    }

    @Test func redactedTokenInTrustedProxyModeIsRemoved() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var config = GatewayHarness.converged()
        config["auth"] = [
            "mode": "trusted-proxy", "token": "real-token-value",
            "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
        ]
        let h = GatewayHarness(gateway: config)
        let check = try await step.check(h.context(dir))
        #expect(check == .changes(Plan(["remove auth.token (trusted-proxy mode does not use it)"])))
        let report = await Runner([step]).run(h.context(dir))
        #expect(report.steps[0].outcome == .changed(["remove auth.token (trusted-proxy mode does not use it)"]))
        #expect(h.gateway.inputs == [#"{"gateway":{"auth":{"token":null}}}"#])
        #expect(!GatewayConfig(try #require(h.gateway.gateway)).hasToken)
    }

    @Test func userKeysInTheTrustedProxyBlockStay() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var config = GatewayHarness.converged()
        config["auth"] = [
            "mode": "trusted-proxy",
            "trustedProxy": ["userHeader": "x-forwarded-user", "allowUsers": ["ops@example.com"]],
        ]
        let h = GatewayHarness(gateway: config)
        let report = await Runner([step]).run(h.context(dir))
        #expect(report.steps[0].outcome == .changed([
            "trustedProxy.userHeader x-forwarded-user → x-pomerium-claim-email",
            "trustedProxy.requiredHeaders (unset) → [\"X-Pomerium-Jwt-Assertion\"]",
        ]))
        #expect(GatewayConfig(try #require(h.gateway.gateway)).trustedProxy == [
            "userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"],
            "allowUsers": ["ops@example.com"],
        ])
    }

    @Test func dryRunOnAFreshHostPlansWithoutCallingOpenClaw() async throws {
        let h = GatewayHarness(gateway: nil, pomerium: nil)
        h.stack.set(StackNames.gateway, nil)
        let check = try await step.check(h.context(dryRun: true))
        #expect(check == .changes(Plan([
            "configure trusted-proxy auth once the stack is up (the pomerium container does not exist yet)"
        ])))
        #expect(h.docker.openclawInvocations == 0)
    }

    @Test func missingPomeriumBlocksARealRun() async throws {
        let h = GatewayHarness(gateway: GatewayHarness.firstBoot)
        h.stack.set(StackNames.pomerium, .init(running: false, address: nil))
        guard case .blocked(let error) = try await step.check(h.context()) else {
            Issue.record("not blocked")
            return
        }
        #expect(error.message.contains("pomerium container is not running"))
        #expect(error.nextAction.contains("docker compose up -d"))
        await #expect(throws: PomclawError.self) { try await step.apply(h.context()) }
        #expect(h.docker.openclawInvocations == 0)
    }

    @Test func oddOriginsRoundTripAsData() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let odd: [JSONValue] = [
            "https://it's \"quoted\".example", "$(touch /tmp/pwned)", "line\nbreak", "back\\slash", "ünïcødé",
            .number(42), .null, ["nested": "object"],
        ]
        let h = GatewayHarness(gateway: GatewayHarness.converged(origins: odd))
        let report = await Runner([step]).run(h.context(dir))
        guard case .changed = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(GatewayConfig(try #require(h.gateway.gateway)).allowedOrigins == .array(odd + [.string(GatewayHarness.origin)]))
        #expect(h.docker.openclawInvocations == 3)
    }
}
