import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The stack's reads are shared by the steps of one run, and forgotten when the stack changes.
@Suite struct StackSessionTests {
    /// A converged stack: every service current and running, the gateway in trusted-proxy
    /// auth for pomerium's address.
    private func converged() -> (FakeStack, FakeGateway, FakeDocker, FakeTimekeeper) {
        let time = FakeTimekeeper()
        let stack = FakeStack(time: time)
        for service in StackSession.services { stack.start(service) }
        // FakeStack addresses containers by service name order: gateway .2, pomerium .3.
        let gateway = FakeGateway(gateway: GatewayHarness.converged("172.18.0.3"))
        let docker = FakeDocker { stack.answer($0) ?? gateway.answer($0) }
        return (stack, gateway, docker, time)
    }

    private var dockerStages: [RunStage] {
        InstallPlan.stages.dropFirst().map { stage in
            RunStage(
                lanes: stage.lanes.map { $0.filter { !$0.id.hasPrefix("zero-") && $0.id != "keys" } }, prefetch: stage.prefetch)
        }
    }

    /// A converged re-run's Docker steps: one image inspect, one container read (ps +
    /// inspect), one config --hash, one probe and one OpenClaw CLI call, whatever the number
    /// of steps that look at the stack.
    @Test func aConvergedRunReadsTheStackOnce() async {
        let (_, _, docker, time) = converged()
        let report = await Runner(stages: dockerStages).run(.fake(docker: docker, time: time))
        #expect(!report.failed)
        #expect(report.steps.allSatisfy { if case .alreadyDone = $0.outcome { true } else { false } })
        let firsts = docker.argvs.map { $0.first == "exec" ? ($0.contains("curl") ? "probe" : "openclaw") : $0[0] }
        #expect(firsts.sorted() == ["config", "image", "inspect", "openclaw", "probe", "ps"])
        #expect(docker.openclawInvocations == 1)
    }

    /// A fresh install's Docker steps on a host without image or containers: the gateway's
    /// config is written before `up` (the fake stack mounts it as the gateway's config, as
    /// compose does), so the gateway starts in trusted-proxy auth and the trusted-proxy step
    /// verifies it with one OpenClaw read and no write.
    @Test func aFreshInstallVerifiesTheWrittenGatewayConfigInOneRead() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // FakeStack gives pomerium 172.18.0.3; compose would give it POMCLAW_POMERIUM_IP.
        try Data("POMCLAW_POMERIUM_IP=172.18.0.3\n".utf8).write(to: URL(fileURLWithPath: dir.file(".env")))
        let time = FakeTimekeeper()
        let stack = FakeStack(time: time, imagePresent: false)
        let gateway = FakeGateway()
        let configFile = InstallDirectory(dir.path).gatewayConfigFile
        let docker = FakeDocker { command in
            if command.arguments.first == "up", command.arguments.count == 3 || command.arguments.contains(StackNames.gateway),
                let data = FileManager.default.contents(atPath: configFile),
                let written = try? JSONValue.parse(data).objectValue?["gateway"]?.objectValue
            {
                gateway.setGateway(written)
            }
            return stack.answer(command) ?? gateway.answer(command)
        }
        let report = await Runner(stages: dockerStages).run(.fake(directory: dir.path, docker: docker, time: time))
        #expect(!report.failed)
        let outcomes = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.id, $0.outcome) })
        #expect(outcomes["trusted-proxy"] == .alreadyDone("trusted-proxy via 172.18.0.3"))
        guard case .changed = outcomes["gateway-config"] else {
            Issue.record("gateway-config: \(String(describing: outcomes["gateway-config"]))")
            return
        }
        #expect(docker.openclawInvocations == 1)
        #expect(gateway.writes == 0)
        let argvs = docker.argvs
        let build = argvs.firstIndex { $0.first == "build" } ?? -1
        let up = argvs.firstIndex { $0.first == "up" } ?? -1
        #expect(build >= 0 && build < up)
    }

    /// Status runs the same checks concurrently: they still share one read of each.
    @Test func statusChecksShareTheReads() async {
        let (_, _, docker, time) = converged()
        let groups = [StatusRunner.Group(
            name: "containers", steps: [ImageStep(), StackServicesStep.gatewayAndPomerium, StackServicesStep.wholeStack, TrustedProxyStep()])]
        let report = await StatusRunner(groups).run(.fake(docker: docker, time: time))
        #expect(report.allInPlace)
        #expect(docker.commands.count == 6)
        #expect(docker.openclawInvocations == 1)
    }

    /// `compose up` forgets the containers and the probe, so the check after it reads them
    /// again; an OpenClaw write forgets the gateway config.
    @Test func changesForgetWhatTheyMayHaveChanged() async throws {
        let (_, gateway, docker, time) = converged()
        let context = Context.fake(docker: docker, time: time)
        let first = try await context.stack.containers(context.docker)
        _ = try await context.stack.gatewayConfig(first, context.docker)
        _ = try await context.stack.containers(context.docker)
        #expect(docker.commands.count == 3)

        try await context.docker.output(.up([StackNames.pomerium]))
        let again = try await context.stack.containers(context.docker)
        #expect(docker.commands.count == 6)  // up, ps, inspect
        // The gateway container is the same one: its config read stands.
        _ = try await context.stack.gatewayConfig(again, context.docker)
        #expect(docker.openclawInvocations == 1)

        gateway.setGateway(GatewayHarness.firstBoot)
        try await OpenClawCLI(context).write([.set("gateway.mode", "local")])
        let config = try await context.stack.gatewayConfig(again, context.docker)
        #expect(docker.openclawInvocations == 3)
        #expect(config.authMode != "trusted-proxy")
    }
}
