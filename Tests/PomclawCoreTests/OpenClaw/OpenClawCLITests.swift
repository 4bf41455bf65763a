import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct OpenClawCLITests {
    let patch: ConfigPatch = {
        var patch = ConfigPatch()
        patch.set(["gateway", "trustedProxies"], ["172.30.0.10"])
        patch.set(["gateway", "auth", "mode"], "trusted-proxy")
        patch.remove(["gateway", "auth", "password"])
        return patch
    }()

    @Test func readGatewayIsOneCallAndMissingGatewayIsEmpty() async throws {
        let h = GatewayHarness(gateway: nil)
        #expect(try await h.cli.readGateway() == GatewayConfig())
        #expect(h.docker.argvs == [[
            "exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw", "config", "get", "gateway",
            "--json",
        ]])
    }

    @Test func readGatewayReportsOtherFailuresWithStderr() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "OpenClaw config is invalid: /claw/.openclaw/openclaw.json\n- gateway.port: bad\n"),
            when: { $0.first == "config" })
        let error = await #expect(throws: PomclawError.self) { try await h.cli.readGateway() }
        #expect(error?.message.contains("  OpenClaw config is invalid: /claw/.openclaw/openclaw.json\n  - gateway.port: bad") == true)
    }

    @Test func aPatchIsOneCallWithTheDocumentOnStdin() async throws {
        let h = GatewayHarness(gateway: ["auth": ["password": "x"]])
        try await h.cli.patch(patch)
        #expect(h.openclawCalls == [["config", "patch", "--stdin"]])
        #expect(h.gateway.inputs == [#"{"gateway":{"auth":{"mode":"trusted-proxy","password":null},"trustedProxies":["172.30.0.10"]}}"#])
        let auth = try #require(h.gateway.gateway?["auth"]?.objectValue)
        #expect(auth == ["mode": "trusted-proxy"])
        #expect(h.gateway.gateway?["trustedProxies"] == ["172.30.0.10"])
    }

    @Test func anEmptyPatchWritesNothing() async throws {
        let h = GatewayHarness(gateway: [:])
        try await h.cli.patch(ConfigPatch())
        #expect(h.docker.commands.isEmpty)
    }

    @Test func conflictTwiceThenSuccessWaitsHalfAndOneSecond() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.conflict(times: 2)
        try await h.cli.patch(patch)
        #expect(h.time.sleeps == [0.5, 1])
        #expect(h.docker.openclawInvocations == 3)
        let calls = h.openclawCalls
        #expect(calls[0] == calls[1] && calls[1] == calls[2])
        #expect(h.gateway.inputs.count == 3 && Set(h.gateway.inputs).count == 1, "every attempt sends the same patch")
        #expect(h.gateway.gateway?["auth"]?.objectValue?["mode"] == "trusted-proxy")
    }

    @Test func endlessConflictGivesUpWithTheStderrAndTotalWait() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.conflict(times: .max)
        let error = await #expect(throws: PomclawError.self) { try await h.cli.patch(patch) }
        #expect(h.time.sleeps == [0.5, 1, 2, 4, 4, 4])
        #expect(h.docker.openclawInvocations == 7)
        #expect(error?.message.contains("7 times over 15.5 s") == true)
        #expect(error?.message.contains("ConfigMutationConflictError: config changed since last load") == true)
        #expect(error?.nextAction.isEmpty == false)
    }

    @Test func otherErrorsAreNotRetried() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "Config invalid at openclaw.json.\n- gateway.trustedProxies.0: Invalid IP address\n"),
            when: { $0.starts(with: ["config", "patch"]) })
        let error = await #expect(throws: PomclawError.self) { try await h.cli.patch(patch) }
        #expect(h.time.sleeps.isEmpty)
        #expect(h.docker.openclawInvocations == 1)
        #expect(error?.message.contains("- gateway.trustedProxies.0: Invalid IP address") == true)
        #expect(error?.nextAction.contains("docker compose logs openclaw-gateway") == true)
    }

    @Test func aSecretEchoedInAnErrorIsScrubbed() async throws {
        let token = Secret("tok-5ecret-Value-9f2c")
        var withToken = ConfigPatch()
        withToken.set(["gateway", "auth", "token"], .string(token.value))
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "Error: gateway.auth.token: too short: \(token.value)\n"),
            when: { $0.starts(with: ["config", "patch"]) })
        let error = await #expect(throws: PomclawError.self) { try await h.cli.patch(withToken, secret: token) }
        #expect(error?.message.contains("<redacted>") == true)
        #expect(!(error?.description.contains(token.value) ?? true))
        #expect(h.docker.commands.allSatisfy { !$0.arguments.joined(separator: " ").contains(token.value) })
    }

    /// One RPC: `--pending` clears pending requests in addition to paired devices
    /// (openclaw-audit.md #49).
    @Test func clearDevicesIsOneCallThatNeedsACredential() async throws {
        let h = GatewayHarness(gateway: ["auth": ["mode": "token", "token": "t0k"]])
        try await h.cli.clearDevices()
        #expect(h.gateway.devicesCleared == [["devices", "clear", "--yes", "--pending"]])

        let proxied = GatewayHarness(gateway: GatewayHarness.converged())
        let error = await #expect(throws: PomclawError.self) { try await proxied.cli.clearDevices() }
        #expect(error?.message.contains("unauthorized") == true)
        #expect(proxied.gateway.devicesCleared.isEmpty)
    }
}
