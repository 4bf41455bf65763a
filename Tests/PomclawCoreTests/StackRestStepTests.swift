import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct StackRestStepTests {
    typealias F = StackFixture
    let step = StackServicesStep.wholeStack

    @Test func verifyIsAddedByAnUpOfTheWholeStack() async {
        let f = StackFixture()
        f.stack.start(StackNames.gateway)
        f.stack.start(StackNames.pomerium)
        let outcome = await f.run(step)
        #expect(outcome == .changed(["create and start verify"]))
        #expect(f.docker.argvs.filter { $0.first == "up" } == [F.upWholeStack])
        #expect(f.docker.argvs.contains(F.probe))
        #expect(f.time.sleeps.isEmpty)
    }

    @Test func aConvergedStackIsDoneInThreeCalls() async {
        let f = StackFixture()
        for service in [StackNames.gateway, StackNames.pomerium, StackNames.verify] { f.stack.start(service) }
        let outcome = await f.run(step)
        #expect(outcome == .alreadyDone("openclaw-gateway and pomerium and verify running"))
        let ids = [StackNames.gateway, StackNames.pomerium, StackNames.verify].map { f.stack.containerID(of: $0) }
        #expect(f.docker.argvs == [F.ps, F.inspect(ids), F.wholeStackHashes])
    }

    @Test func aVerifyThatExitsFailsWithItsLogs() async {
        let f = StackFixture()
        f.stack.start(StackNames.gateway)
        f.stack.start(StackNames.pomerium)
        f.stack.behave(StackNames.verify, .exits(code: 2, after: 0))
        f.stack.logs(StackNames.verify, ["panic: bad config"])
        let message = F.failure(await f.run(step)) ?? ""
        #expect(message.contains("verify stopped with exit status 2."))
        #expect(message.contains("panic: bad config"))
        #expect(message.contains("Next: Read the log lines above"))
        #expect(f.time.sleeps.isEmpty)
    }
}

/// Compose v2 releases whose container label never equals `config --hash`.
@Suite struct StackConfigHashSkewTests {
    typealias F = StackFixture

    @Test func containersUpAcceptedAreRememberedNotRecreatedEachRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let f = StackFixture(directory: directory.path)
        f.stack.labelsDifferFromConfigHash()
        let step = StackServicesStep.gatewayAndPomerium

        #expect(await f.run(step) == .changed(["create and start openclaw-gateway", "create and start pomerium"]))
        let path = StackConfigRecord.path(InstallDirectory(directory.path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let gateway = f.stack.containerID(of: StackNames.gateway)

        // A second run: nothing changed, nothing recreated.
        #expect(await f.run(step) == .alreadyDone("openclaw-gateway and pomerium running"))
        #expect(f.docker.argvs.filter { $0.first == "up" }.count == 1)

        // A changed .env still recreates.
        f.stack.changeConfiguration(StackNames.gateway)
        #expect(
            await f.run(step) == .changed(["recreate openclaw-gateway: its configuration changed (.env or compose.yaml)"]))
        #expect(f.stack.containerID(of: StackNames.gateway) != gateway)
    }
}

@Suite struct StackCommandTests {
    @Test func configHashesArgvAndBothComposeOutputs() {
        let command = DockerCommand.configHashes(["openclaw-gateway", "pomerium"])
        #expect(command.tool == .compose)
        #expect(command.arguments == ["config", "--hash=openclaw-gateway,pomerium"])
        let hash = String(repeating: "ab12", count: 16)
        let output = """
            WARNING: The FOO variable is not set. Defaulting to a blank string.
            openclaw-gateway \(hash)
            pomerium\t\(hash.uppercased())

            """
        #expect(
            ServiceConfigHashes.parse(output).byService == ["openclaw-gateway": hash, "pomerium": hash.uppercased()])
    }

    @Test func theArgvOfTheOtherStackCalls() {
        #expect(DockerCommand.logs("openclaw-gateway", tail: 20).arguments == ["logs", "--no-color", "--tail", "20", "openclaw-gateway"])
        #expect(DockerCommand.up(["openclaw-gateway", "pomerium"]).arguments == ["up", "-d", "--no-build", "openclaw-gateway", "pomerium"])
        #expect(DockerCommand.up().arguments == ["up", "-d", "--no-build"])
        #expect(DockerCommand.build("openclaw-gateway").arguments == ["build", "openclaw-gateway"])
        #expect(DockerCommand.inspect(["a", "b"]).arguments == ["inspect", "--type", "container", "a", "b"])
    }

    @Test func troubleIsJudgedRestartingFirst() {
        var container = ContainerState(id: "x", name: "g", status: "restarting", running: true, restarting: true, exitCode: 78)
        #expect(ContainerTrouble.of(container, baselineRestarts: 0) == .restarting(exitCode: 78))
        container = ContainerState(id: "x", name: "g", status: "running", running: true, restartCount: 4)
        #expect(ContainerTrouble.of(container, baselineRestarts: 4) == nil)
        #expect(ContainerTrouble.of(container, baselineRestarts: 2) == .restarted(times: 2))
        container = ContainerState(id: "x", name: "g", status: "exited", running: false, exitCode: 137)
        #expect(ContainerTrouble.of(container, baselineRestarts: 0) == .exited(exitCode: 137))
    }
}
