import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct GatewayResetTests {
    static let token = Secret("reset-token-EXAMPLE-0123456789abcdefghijklmnopq")

    /// The reset a real gateway allows: one write into token auth, the restart it causes waited
    /// out, then `devices clear` — which the gateway refuses in trusted-proxy mode and serves
    /// only with the token in place (openclaw-audit.md #50, openclaw-versions.md §7).
    @Test(arguments: ["2026.6.5", "2026.9.8"])
    func resetsToTokenModeThenClearsDevicesWithTheTokenOnlyOnStdin(_ version: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reworked = version != "2026.6.5"
        var state = InstallState()
        state.openclawOrigins = [GatewayHarness.origin]
        state.openclawAdmins = reworked ? [Settings.example.operatorEmail] : nil
        try state.write(InstallDirectory(directory.path))
        var config = reworked ? GatewayHarness.convergedReworked() : GatewayHarness.converged()
        var controlUi = config["controlUi"]!.objectValue!
        controlUi["allowedOrigins"] = [.string(GatewayHarness.origin), "https://mine.example"]
        config["controlUi"] = .object(controlUi)
        let harness = GatewayHarness(gateway: config, version: version)
        let heard = Recorder<String>()

        let outcome = try await GatewayReset(makeToken: { Self.token }).run(harness.context(directory)) { heard.append($0) }

        #expect(outcome.token == Self.token)
        #expect(outcome.actions == heard.values)
        #expect(heard.values.count == 4)
        let gateway = try #require(harness.gateway.gateway)
        let auth = gateway["auth"]?.objectValue
        #expect(auth == ["mode": "token", "token": .string(Self.token.value)], "trusted-proxy block, grants and password gone")
        #expect(gateway["trustedProxies"] == nil)
        #expect(gateway["controlUi"]?.objectValue == ["allowedOrigins": ["https://mine.example"]])
        #expect(gateway["bind"] == "lan")
        #expect(harness.gateway.writes == 1, "one write")
        #expect(harness.gateway.restarts == 1)
        #expect(harness.gateway.devicesCleared == [["devices", "clear", "--yes", "--pending"]])
        for command in harness.docker.commands {
            #expect(!command.arguments.joined(separator: " ").contains(Self.token.value), "token in argv: \(command.display)")
        }
        #expect(harness.gateway.inputs.filter { $0.contains(Self.token.value) }.count == 1)
        let after = InstallState.read(InstallDirectory(directory.path))
        #expect(after.openclawOrigins == nil && after.openclawAdmins == nil)
    }

    /// Nothing reaches the gateway between the write and the end of its restart: the devices
    /// are cleared only once it listens again.
    @Test func theDevicesAreClearedOnlyAfterTheRestart() async throws {
        let harness = GatewayHarness(gateway: GatewayHarness.converged())
        _ = try await GatewayReset(makeToken: { Self.token }).run(harness.context())
        let calls = harness.docker.commands
        let write = try #require(calls.firstIndex { FakeGateway.openclawArguments($0)?.starts(with: ["config", "patch"]) == true })
        let clear = try #require(calls.firstIndex { FakeGateway.openclawArguments($0)?.first == "devices" })
        let probes = calls[write..<clear].filter { $0 == .gatewayProbe }
        #expect(probes.count >= 2, "probes between the write and the RPC: \(probes.count)")
        #expect(harness.time.sleeps.reduce(0, +) >= FakeGateway.restartSeconds)
    }

    @Test func aStoppedGatewayIsAnErrorWithTheNextActionAndNothingChanges() async throws {
        let harness = GatewayHarness(gateway: GatewayHarness.converged())
        harness.stack.set(StackNames.gateway, FakeContainers.Service(running: false, address: "172.30.0.3"))
        let error = await #expect(throws: PomclawError.self) { try await GatewayReset().run(harness.context()) }
        #expect(error?.message.contains("is not running") == true)
        #expect(error?.nextAction.contains("pomclaw install") == true)
        #expect(harness.gateway.writes == 0)
        #expect(harness.gateway.devicesCleared.isEmpty)
    }

    @Test func randomTokensAreLongAndDistinct() {
        let tokens = (0..<50).map { _ in GatewayReset.randomToken().value }
        #expect(Set(tokens).count == 50)
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }
}
