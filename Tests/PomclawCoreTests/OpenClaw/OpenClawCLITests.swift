import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct OpenClawCLITests {
    let ops: [ConfigOperation] = [
        .set("gateway.trustedProxies", ["172.30.0.10"]), .set("gateway.auth.mode", "trusted-proxy"),
    ]

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

    @Test func conflictTwiceThenSuccessWaitsHalfAndOneSecond() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.conflict(times: 2)
        try await h.cli.write(ops)
        #expect(h.time.sleeps == [0.5, 1])
        #expect(h.docker.openclawInvocations == 3)
        let calls = h.openclawCalls
        #expect(calls[0] == calls[1] && calls[1] == calls[2])
        #expect(h.gateway.gateway?["auth"]?.objectValue?["mode"] == "trusted-proxy")
    }

    @Test func endlessConflictGivesUpWithTheStderrAndTotalWait() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.conflict(times: .max)
        let error = await #expect(throws: PomclawError.self) { try await h.cli.write(ops) }
        #expect(h.time.sleeps == [0.5, 1, 2, 4, 4, 4])
        #expect(h.docker.openclawInvocations == 7)
        #expect(error?.message.contains("7 times over 15.5 s") == true)
        #expect(error?.message.contains("ConfigMutationConflictError: config changed since last load") == true)
        #expect(error?.nextAction.isEmpty == false)
    }

    @Test func newerConflictWordingIsRetriedToo() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "The config file changed while this command was writing it, so nothing was changed. Re-run the command.\n"),
            when: { $0.starts(with: ["config", "set"]) })
        try await h.cli.write(ops)
        #expect(h.time.sleeps == [0.5])
    }

    @Test func otherErrorsAreNotRetried() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "Error: gateway.trustedProxies.0: Invalid IP address\n"),
            when: { $0.starts(with: ["config", "set"]) })
        let error = await #expect(throws: PomclawError.self) { try await h.cli.write(ops) }
        #expect(h.time.sleeps.isEmpty)
        #expect(h.docker.openclawInvocations == 1)
        #expect(error?.message.contains("Error: gateway.trustedProxies.0: Invalid IP address") == true)
        #expect(error?.nextAction.contains("docker compose logs openclaw-gateway") == true)
    }

    @Test func rejectedBatchFallsBackToOrderedSingleSets() async throws {
        let h = GatewayHarness(gateway: ["auth": ["password": "x"]])
        h.gateway.supportsBatch(false)
        try await h.cli.write(ops + [.unset("gateway.auth.password")])
        #expect(h.openclawCalls == [
            ["config", "set", "--batch-json", #"[{"path":"gateway.trustedProxies","value":["172.30.0.10"]},{"path":"gateway.auth.mode","value":"trusted-proxy"}]"#],
            ["config", "set", "gateway.trustedProxies", #"["172.30.0.10"]"#, "--strict-json"],
            ["config", "set", "gateway.auth.mode", #""trusted-proxy""#, "--strict-json"],
            // Already pruned by the mode switch: "Config path not found" counts as removed.
            ["config", "unset", "gateway.auth.password"],
        ])
        #expect(h.gateway.writes == 2)
    }

    @Test func switchToTokenModeSendsTheTokenOnStdinOnly() async throws {
        let token = Secret("tok-5ecret-Value-9f2c")
        let h = GatewayHarness(gateway: GatewayHarness.converged(origins: ["https://mine.example", .string(GatewayHarness.origin)]))
        try await h.cli.switchToTokenMode(token: token, removingOrigins: [GatewayHarness.origin])
        for command in h.docker.commands {
            #expect(!command.arguments.joined(separator: " ").contains(token.value))
            #expect(!command.display.contains(token.value))
        }
        #expect(h.openclawCalls.contains(["config", "set", "--batch-file", "/dev/stdin"]))
        #expect(h.gateway.inputs.count == 1 && h.gateway.inputs[0].contains(token.value))
        let gateway = try #require(h.gateway.gateway)
        let config = GatewayConfig(gateway)
        #expect(config.authMode == "token")
        #expect(gateway["auth"]?.objectValue?["token"] == .string(token.value))
        #expect(config.trustedProxy == nil && config.trustedProxies == nil && config.deviceAuthDisabled == nil)
        #expect(config.allowedOrigins == ["https://mine.example"])
    }

    @Test func switchToTokenModeRefusesABuildWithoutStdinBatch() async throws {
        let token = Secret("tok-5ecret-Value-9f2c")
        let h = GatewayHarness(gateway: GatewayHarness.converged())
        h.gateway.supportsBatch(false)
        let error = await #expect(throws: PomclawError.self) { try await h.cli.switchToTokenMode(token: token) }
        #expect(error?.message.contains("stdin") == true)
        #expect(!(error?.description.contains(token.value) ?? true))
        #expect(h.openclawCalls.allSatisfy { !$0.joined().contains(token.value) })
        #expect(h.gateway.writes == 0)
    }

    @Test func tokenEchoedInAnErrorIsScrubbed() async throws {
        let token = Secret("tok-5ecret-Value-9f2c")
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(
            DockerResult(status: 1, stderr: "Error: gateway.auth.token: too short: \(token.value)\n"),
            when: { $0.contains("--batch-file") })
        let error = await #expect(throws: PomclawError.self) { try await h.cli.switchToTokenMode(token: token) }
        #expect(error?.message.contains("<redacted>") == true)
        #expect(!(error?.description.contains(token.value) ?? true))
    }

    @Test func clearDevicesClearsPairedThenPending() async throws {
        let h = GatewayHarness(gateway: [:])
        try await h.cli.clearDevices()
        #expect(h.gateway.devicesCleared == [["devices", "clear", "--yes"], ["devices", "clear", "--yes", "--pending"]])
    }

    @Test func clearDevicesToleratesABuildWithoutPending() async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.script(DockerResult(status: 1, stderr: "error: unknown option '--pending'\n"), when: { $0.contains("--pending") })
        try await h.cli.clearDevices()
        #expect(h.gateway.devicesCleared == [["devices", "clear", "--yes"]])
    }

    @Test(arguments: [
        ("OpenClaw 2026.6.5\n", "2026.6.5"),
        ("\u{1B}[1mopenclaw\u{1B}[0m v2026.10.12 (build 3f2a)\n", "2026.10.12"),
        ("2026.6.5-beta.2", "2026.6.5"),
        ("openclaw dev build", nil),
    ] as [(String, String?)])
    func versionParsing(output: String, expected: String?) async throws {
        let h = GatewayHarness(gateway: [:])
        h.gateway.versionOutput(output)
        #expect(try await h.cli.version() == expected)
        #expect(h.openclawCalls == [["--version"]])
    }
}
