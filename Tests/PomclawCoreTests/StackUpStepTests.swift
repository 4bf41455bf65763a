import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct StackUpStepTests {
    typealias F = StackFixture
    let step = StackServicesStep.gatewayAndPomerium

    @Test func aStackThatIsDownIsStartedAndWaitedFor() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .answersAfter(5))
        let outcome = await f.run(step)
        #expect(outcome == .changed(["create and start openclaw-gateway", "create and start pomerium"]))
        #expect(f.time.sleeps == [1, 1, 1, 1, 1])
        let ids = [f.stack.containerID(of: StackNames.gateway), f.stack.containerID(of: StackNames.pomerium)]
        let poll: [[String]] = [F.inspect(ids), F.probe]
        var expected: [[String]] = [F.ps, F.upGatewayAndPomerium, F.ps, F.inspect(ids), F.probe]
        for _ in 1...5 { expected += poll }
        // The hashes of every service in one call, read once; the re-check after `up` uses
        // the wait's last read (containers running, the gateway answering) and reads nothing.
        expected += [F.wholeStackHashes]
        #expect(f.docker.argvs == expected)
        #expect(f.docker.commands.first { $0.arguments.first == "up" }?.tool == .compose)
    }

    @Test func aConvergedStackIsDoneInFourCallsWithoutUp() async {
        let f = StackFixture()
        f.stack.start(StackNames.gateway)
        f.stack.start(StackNames.pomerium)
        let outcome = await f.run(step)
        #expect(outcome == .alreadyDone("openclaw-gateway and pomerium running"))
        let ids = [f.stack.containerID(of: StackNames.gateway), f.stack.containerID(of: StackNames.pomerium)]
        #expect(f.docker.argvs == [F.ps, F.inspect(ids), F.wholeStackHashes, F.probe])
        #expect(f.time.sleeps.isEmpty)
    }

    @Test func aChangedConfigurationRecreatesTheContainer() async {
        let f = StackFixture()
        f.stack.start(StackNames.gateway)
        f.stack.start(StackNames.pomerium)
        let before = f.stack.containerID(of: StackNames.pomerium)
        f.stack.changeConfiguration(StackNames.pomerium)
        let outcome = await f.run(step)
        #expect(outcome == .changed(["recreate pomerium: its configuration changed (.env or compose.yaml)"]))
        #expect(f.stack.containerID(of: StackNames.pomerium) != before)
        #expect(f.docker.argvs.filter { $0.first == "up" } == [F.upGatewayAndPomerium])
    }

    @Test func aGatewayThatIsUpButNotAnsweringIsWaitedFor() async throws {
        let f = StackFixture()
        f.stack.start(StackNames.gateway, .answersAfter(3))
        f.stack.start(StackNames.pomerium)
        let result = try await step.check(f.context)
        #expect(result == .changes(Plan(["wait for openclaw-gateway to answer on port 18789"])))
        let outcome = await f.run(step)
        #expect(outcome == .changed(["wait for openclaw-gateway to answer on port 18789"]))
        #expect(f.time.sleeps == [1, 1, 1])
    }

    @Test func anExit78CrashLoopFailsFastWithTheLogsAndTheReason() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .crashLoop(exitCode: 78, every: 3, restartingFor: 1))
        f.stack.logs(
            StackNames.gateway,
            (1...30).map { "line \($0)" } + ["[gateway] Refusing to bind gateway to auto without auth."])
        let outcome = await f.run(step)
        let message = F.failure(outcome) ?? ""
        #expect(message.contains("openclaw-gateway keeps restarting (last exit status 78)."))
        #expect(message.contains("OpenClaw refused to listen beyond the container's loopback without an auth path"))
        #expect(message.contains("  openclaw-gateway-1  | [gateway] Refusing to bind gateway to auto without auth."))
        #expect(message.contains("line 12"))
        #expect(!message.contains("line 11\n"))
        #expect(message.contains("Next: Check gateway.auth in openclaw-data/config/.openclaw/openclaw.json"))
        #expect(f.elapsed <= 3)
        #expect(f.docker.argvs.last == F.logs(StackNames.gateway))
    }

    @Test func aCrashLoopCaughtBetweenRestartsIsSeenFromTheRestartCount() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .crashLoop(exitCode: 78, every: 2.5, restartingFor: 0))
        f.stack.logs(StackNames.gateway, ["Refusing to bind gateway to auto without auth."])
        let outcome = await f.run(step)
        let message = F.failure(outcome) ?? ""
        #expect(message.contains("openclaw-gateway crashed and Docker restarted it 1 time while pomclaw waited for it."))
        #expect(message.contains("OpenClaw refused to listen beyond the container's loopback"))
        #expect(f.elapsed <= 3)
    }

    /// A missing `gateway.mode` also exits 78, with its own log line: the advice is about the
    /// config, not the bind (openclaw-audit.md #13, #14).
    @Test func aMissingGatewayModeIsToldApartFromARefusedBind() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .crashLoop(exitCode: 78, every: 3, restartingFor: 1))
        f.stack.logs(StackNames.gateway, [
            "Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config.",
        ])
        let message = F.failure(await f.run(step)) ?? ""
        #expect(message.contains("OpenClaw refuses to start without gateway.mode=local in its config"))
        #expect(!message.contains("refused to listen"))
        #expect(message.contains("Next: Run pomclaw install again to restore the gateway's config"))
    }

    /// Exit 78 with neither line: OpenClaw's config error, with a way to see what it is.
    @Test func anotherConfigErrorPointsAtConfigValidate() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .crashLoop(exitCode: 78, every: 3, restartingFor: 1))
        f.stack.logs(StackNames.gateway, ["[gateway] something else"])
        let message = F.failure(await f.run(step)) ?? ""
        #expect(message.contains("Exit status 78 is OpenClaw's \"configuration error\""))
        #expect(message.contains("config validate"))
    }

    @Test func aGatewayAlreadyRestartingIsReportedAndFailsWithoutWaiting() async throws {
        let f = StackFixture()
        f.stack.start(StackNames.gateway, .crashLoop(exitCode: 78, every: 3, restartingFor: 3))
        f.stack.start(StackNames.pomerium)
        f.stack.logs(StackNames.gateway, ["Refusing to bind gateway to auto without auth."])
        let result = try await step.check(f.context)
        #expect(
            result == .changes(Plan(["start openclaw-gateway again: it keeps restarting (last exit status 78)"])))
        let outcome = await f.run(step)
        #expect(F.failure(outcome)?.contains("keeps restarting (last exit status 78)") == true)
        #expect(f.time.sleeps.isEmpty)
    }

    @Test func aPomeriumThatExitsFailsWithItsLogs() async {
        let f = StackFixture()
        f.stack.behave(StackNames.pomerium, .exits(code: 1, after: 2))
        f.stack.behave(StackNames.gateway, .answersAfter(30))
        f.stack.logs(StackNames.pomerium, ["{\"level\":\"error\",\"error\":\"invalid cluster token\"}"])
        let outcome = await f.run(step)
        let message = F.failure(outcome) ?? ""
        #expect(message.contains("pomerium stopped with exit status 1."))
        #expect(message.contains("Last log lines of pomerium:"))
        #expect(message.contains("invalid cluster token"))
        #expect(message.contains("Next: Check POMERIUM_ZERO_TOKEN in .env"))
        #expect(f.elapsed == 2)
        #expect(f.docker.argvs.last == F.logs(StackNames.pomerium))
    }

    @Test func aGatewayThatNeverAnswersTimesOutWithProgressAndTheTail() async {
        let f = StackFixture()
        f.stack.behave(StackNames.gateway, .neverAnswers)
        f.stack.logs(StackNames.gateway, ["[gateway] loading plugins"])
        let outcome = await f.run(step)
        let message = F.failure(outcome) ?? ""
        #expect(message.contains("openclaw-gateway runs but was not ready on port 18789 (last probe: not listening) within 90s."))
        #expect(message.contains("[gateway] loading plugins"))
        #expect(message.contains("Next: Read the log lines above. A first start on a small host can be slow"))
        #expect(f.elapsed == 90)
        #expect(f.time.sleeps.allSatisfy { $0 == 1 })
        let progress = f.console.logLines.filter { $0.contains("still waiting") }
        #expect(progress == (1...8).map { "info: still waiting for openclaw-gateway to answer on port 18789 (\($0 * 10)s of 90s)" })
    }

    @Test func aFailedUpReportsComposeErrors() async {
        let docker = FakeDocker { command in
            switch command.arguments.first {
            case "ps": DockerResult()
            case "up": DockerResult(status: 1, stderr: "Error starting userland proxy: listen tcp4 0.0.0.0:443: bind: address already in use")
            default: nil
            }
        }
        let outcome = await Runner([step]).run(.fake(docker: docker, time: FakeTimekeeper())).steps[0].outcome
        let message = F.failure(outcome) ?? ""
        #expect(message.contains("address already in use"))
        #expect(message.contains("443 and 2200 must be free"))
    }
}
