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
            RunStage(lanes: stage.lanes.map { $0.filter { !$0.id.hasPrefix("zero-") } }, prefetch: stage.prefetch)
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
