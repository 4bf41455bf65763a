import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct GatewayResetTests {
    /// A harness whose docker also answers `compose restart openclaw-gateway`.
    static func harness(_ config: JSONObject?, gatewayRunning: Bool = true) -> (GatewayHarness, FakeDocker) {
        let harness = GatewayHarness(gateway: config)
        harness.stack.set(StackNames.gateway, FakeContainers.Service(running: gatewayRunning, address: "172.30.0.3"))
        let docker = FakeDocker { command in
            if command == .restart(StackNames.gateway) { return DockerResult() }
            return harness.stack.answer(command) ?? harness.gateway.answer(command)
        }
        return (harness, docker)
    }

    @Test func resetsToTokenModeWithTheTokenOnlyOnStdinThenRestartsAndReadsBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var state = InstallState()
        state.openclawOrigins = [GatewayHarness.origin]
        try state.write(InstallDirectory(directory.path))
        let (harness, docker) = Self.harness(GatewayHarness.converged(origins: [.string(GatewayHarness.origin), "https://mine.example"]))
        let token = Secret("reset-token-EXAMPLE-0123456789abcdefghijklmnopq")
        let waited = Recorder<Bool>()
        let reset = GatewayReset(waitUntilReady: { _ in waited.append(true) }, makeToken: { token })
        let heard = Recorder<String>()
        var context = harness.context(directory)
        context.docker = docker

        let outcome = try await reset.run(context) { heard.append($0) }

        #expect(outcome.token == token)
        #expect(outcome.actions == heard.values)
        #expect(heard.values.count == 4)
        #expect(waited.values == [true])
        let gateway = harness.gateway.gateway
        #expect(gateway?["auth"]?.objectValue?["mode"] == .string("token"))
        #expect(gateway?["auth"]?.objectValue?["token"] == .string(token.value))
        #expect(gateway?["auth"]?.objectValue?["trustedProxy"] == nil)
        #expect(gateway?["trustedProxies"] == nil)
        #expect(gateway?["controlUi"]?.objectValue?["dangerouslyDisableDeviceAuth"] == nil)
        #expect(gateway?["controlUi"]?.objectValue?["allowedOrigins"] == .array(["https://mine.example"]))
        #expect(!harness.gateway.devicesCleared.isEmpty)
        for command in docker.commands {
            #expect(!command.arguments.joined(separator: " ").contains(token.value), "token in argv: \(command.display)")
        }
        #expect(docker.commands.contains(.restart(StackNames.gateway)))
        #expect(InstallState.read(InstallDirectory(directory.path)).openclawOrigins == nil)
    }

    @Test func aStoppedGatewayIsAnErrorWithTheNextActionAndNothingChanges() async throws {
        let (harness, docker) = Self.harness(GatewayHarness.converged(), gatewayRunning: false)
        var context = harness.context()
        context.docker = docker
        let reset = GatewayReset(waitUntilReady: { _ in Issue.record("waited") })
        await #expect(throws: PomclawError.self) { try await reset.run(context) }
        do {
            _ = try await reset.run(context)
        } catch let error as PomclawError {
            #expect(error.message.contains("is not running"))
            #expect(error.nextAction.contains("pomclaw install"))
        }
        #expect(harness.gateway.writes == 0)
        #expect(harness.gateway.devicesCleared.isEmpty)
    }

    @Test func randomTokensAreLongAndDistinct() {
        let tokens = (0..<50).map { _ in GatewayReset.randomToken().value }
        #expect(Set(tokens).count == 50)
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }
}
