import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct TrustedProxyStepTests {
    let step = TrustedProxyStep()

    @Test func firstBootConvergesInThreeCallsWithModeLast() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h = GatewayHarness(gateway: GatewayHarness.firstBoot)
        let report = await Runner([step]).run(h.context(dir))
        guard case .changed(let changes) = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(changes == [
            "trustedProxies (unset) → [\"172.30.0.10\"]",
            "auth.mode (unset) → trusted-proxy (removes auth.password)",
        ])
        #expect(h.docker.openclawInvocations == 3)
        #expect(h.gateway.writes == 1)
        let write = try #require(h.openclawCalls.first { $0.starts(with: ["config", "set"]) })
        #expect(write[2] == "--batch-json")
        let batch = try #require(try JSONValue.parse(Data(write[3].utf8)).arrayValue)
        #expect(batch.last?.objectValue?["path"] == "gateway.auth.mode")
        #expect(batch.last?.objectValue?["value"] == "trusted-proxy")
        let gateway = GatewayConfig(try #require(h.gateway.gateway))
        #expect(!gateway.hasPassword && !gateway.hasToken)
        #expect(gateway.trustedProxies == ["172.30.0.10"])
        #expect(InstallState.read(InstallDirectory(dir.path)).openclawOrigins == [GatewayHarness.origin])
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
        #expect(changes.count == 6)
        #expect(h.docker.openclawInvocations == 3)
        let batch = try #require(h.openclawCalls.first { $0.starts(with: ["config", "set"]) })
        let paths = try #require(try JSONValue.parse(Data(batch[3].utf8)).arrayValue).compactMap {
            $0.objectValue?["path"]?.stringValue
        }
        #expect(paths == [
            "gateway.mode", "gateway.auth.trustedProxy", "gateway.trustedProxies",
            "gateway.controlUi.allowedOrigins", "gateway.controlUi.dangerouslyDisableDeviceAuth", "gateway.auth.mode",
        ])
        #expect(h.gateway.gateway == GatewayHarness.converged().filter { $0.key != "reload" })
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
        let writes = h.openclawCalls.filter { $0.starts(with: ["config", "set"]) }
        #expect(writes == [["config", "set", "gateway.trustedProxies", "[\"172.30.0.10\"]", "--strict-json"]])
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
        #expect(check == .changes(Plan(["remove auth.token (trusted-proxy mode must not have a token)"])))
        let report = await Runner([step]).run(h.context(dir))
        #expect(report.steps[0].outcome == .changed(["remove auth.token (trusted-proxy mode must not have a token)"]))
        #expect(h.openclawCalls.contains(["config", "unset", "gateway.auth.token"]))
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
