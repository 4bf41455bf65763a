import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Synchronization
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

    /// A converged re-run's Docker steps: one container read (ps + inspect; the gateway
    /// running from the image shows the image exists), one config --hash, one probe and one
    /// OpenClaw CLI call, whatever the number of steps that look at the stack.
    @Test func aConvergedRunReadsTheStackOnce() async {
        let (_, _, docker, time) = converged()
        let report = await Runner(stages: dockerStages).run(.fake(docker: docker, time: time))
        #expect(!report.failed)
        #expect(report.steps.allSatisfy { if case .alreadyDone = $0.outcome { true } else { false } })
        let firsts = docker.argvs.map { $0.first == "exec" ? ($0.contains("curl") ? "probe" : "openclaw") : $0[0] }
        #expect(firsts.sorted() == ["config", "inspect", "openclaw", "probe", "ps"])
        #expect(docker.openclawInvocations == 1)
    }

    /// A first install on a host without image or containers: the gateway config file that
    /// `gateway-config` writes, which the fake stack mounts as the gateway's config at `up` (as
    /// compose does), with `entrypoint` standing in for what the gateway's entrypoint then
    /// changes, if anything. `probe` decides the gateway probe's answer from the number of
    /// OpenClaw config reads begun so far (nil: the stack's own answer).
    private final class FreshInstall: Sendable {
        let dir: TemporaryDirectory
        let time = FakeTimekeeper()
        let stack: FakeStack
        let gateway = FakeGateway()
        /// OpenClaw config reads begun so far.
        let reads = Counter()
        let docker: FakeDocker

        init(
            entrypoint: @escaping @Sendable (JSONObject) -> JSONObject = { $0 },
            probe: @escaping @Sendable (_ reads: Int, FakeGateway) -> DockerResult? = { _, _ in nil }
        ) throws {
            dir = try TemporaryDirectory()
            // FakeStack gives pomerium 172.18.0.3; compose would give it POMCLAW_POMERIUM_IP.
            try Data("POMCLAW_POMERIUM_IP=172.18.0.3\n".utf8).write(to: URL(fileURLWithPath: dir.file(".env")))
            let stack = FakeStack(time: time, imagePresent: false)
            let gateway = gateway
            let reads = reads
            let configFile = InstallDirectory(dir.path).gatewayConfigFile
            docker = FakeDocker { command in
                if FakeGateway.openclawArguments(command)?.starts(with: ["config", "get"]) == true {
                    reads.count.withLock { $0 += 1 }
                }
                let before = stack.containerID(of: StackNames.gateway)
                let answer: DockerResult?
                if command == .gatewayProbe, let probed = probe(reads.count.withLock { $0 }, gateway) {
                    answer = probed
                } else {
                    answer = stack.answer(command) ?? gateway.answer(command)
                }
                // A gateway container `up` created starts from the file, then its entrypoint.
                if command.arguments.first == "up", stack.containerID(of: StackNames.gateway) != before,
                    let data = FileManager.default.contents(atPath: configFile),
                    let written = try? JSONValue.parse(data).objectValue?["gateway"]?.objectValue
                {
                    gateway.setGateway(entrypoint(written))
                }
                Self.mirror(gateway, into: configFile)
                return answer
            }
            self.stack = stack
        }

        /// The gateway's config is the file the stack mounts (openclaw-audit.md #5): whatever
        /// the entrypoint or a CLI write changed in the model is in the file too.
        private static func mirror(_ gateway: FakeGateway, into file: String) {
            guard let config = gateway.gateway, let data = FileManager.default.contents(atPath: file),
                var root = try? JSONValue.parse(data).objectValue, root["gateway"] != .object(config)
            else { return }
            root["gateway"] = .object(config)
            try? JSONValue.object(root).encoded().write(to: URL(fileURLWithPath: file))
        }

        final class Counter: Sendable {
            let count = Mutex(0)
        }

        func run(_ stages: [RunStage]) async -> RunReport {
            await Runner(stages: stages).run(.fake(directory: dir.path, docker: docker, time: time))
        }
    }

    /// A fresh install's Docker steps: the gateway starts in trusted-proxy auth and the
    /// trusted-proxy step verifies it with one OpenClaw read and no write.
    @Test func aFreshInstallVerifiesTheWrittenGatewayConfigInOneRead() async throws {
        let fresh = try FreshInstall()
        defer { fresh.dir.remove() }
        let report = await fresh.run(dockerStages)
        #expect(!report.failed)
        let outcomes = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.id, $0.outcome) })
        #expect(outcomes["trusted-proxy"] == .alreadyDone("trusted-proxy via 172.18.0.3"))
        guard case .changed = outcomes["gateway-config"] else {
            Issue.record("gateway-config: \(String(describing: outcomes["gateway-config"]))")
            return
        }
        let docker = fresh.docker
        #expect(docker.openclawInvocations == 1)
        #expect(fresh.gateway.writes == 0)
        let argvs = docker.argvs
        let build = argvs.firstIndex { $0.first == "build" } ?? -1
        let up = argvs.firstIndex { $0.first == "up" } ?? -1
        #expect(build >= 0 && build < up)
        // The build leaves the containers as they were: the stack check after it reads none.
        #expect(argvs[build..<up].filter { $0 == StackFixture.ps }.isEmpty)
    }

    /// The config of a gateway `up` just started is read beside the readiness wait, not after
    /// it: here the gateway answers only once a config read has begun, which a read after the
    /// wait would never see (the wait would run out of time).
    @Test func aStartedGatewaysConfigIsReadBesideTheReadinessWait() async throws {
        let fresh = try FreshInstall(probe: { reads, _ in reads == 0 ? DockerResult(status: 7) : nil })
        defer { fresh.dir.remove() }
        let report = await fresh.run(dockerStages)
        #expect(!report.failed, "\(report.steps.map(\.outcome))")
        #expect(fresh.docker.openclawInvocations == 1)
        #expect(fresh.gateway.writes == 0)
    }

    /// A config read while the entrypoint had yet to write (here: `gateway.mode`, which it sets
    /// when unset) is not what the gateway runs with: it is read again once the gateway
    /// answers, and the trusted-proxy step finds nothing to write.
    @Test func aReadAheadTheEntrypointStillChangesIsReadAgain() async throws {
        let fresh = try FreshInstall(
            entrypoint: { written in
                var config = written
                config["mode"] = nil
                return config
            },
            probe: { reads, gateway in
                // The entrypoint writes the mode after pomclaw's first read, then the gateway
                // answers.
                guard reads > 0 else { return DockerResult(status: 7) }
                if var config = gateway.gateway, config["mode"] == nil {
                    config["mode"] = "local"
                    gateway.setGateway(config)
                }
                return nil
            })
        defer { fresh.dir.remove() }
        let report = await fresh.run(dockerStages)
        #expect(!report.failed, "\(report.steps.map(\.outcome))")
        let outcomes = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.id, $0.outcome) })
        #expect(outcomes["trusted-proxy"] == .alreadyDone("trusted-proxy via 172.18.0.3"))
        #expect(fresh.docker.openclawInvocations == 2)
        #expect(fresh.gateway.writes == 0)
        #expect(fresh.gateway.gateway?["mode"] == "local")
    }

    /// Status runs the same checks concurrently: they still share one read of each.
    @Test func statusChecksShareTheReads() async {
        let (_, _, docker, time) = converged()
        let groups = [StatusRunner.Group(
            name: "containers", steps: [ImageStep(), StackServicesStep.gatewayAndPomerium, StackServicesStep.wholeStack, TrustedProxyStep()])]
        let report = await StatusRunner(groups).run(.fake(docker: docker, time: time))
        #expect(report.allInPlace)
        #expect(docker.commands.count == 5)
        #expect(docker.openclawInvocations == 1)
    }

    /// A read `prefetch` started that failed (here: before compose.yaml was written) is not
    /// the answer of the step that waits for it first: that step reads again. Its own read's
    /// failure is reported.
    @Test func aFailedReadAheadIsReadAgainButAFailedReadIsReported() async throws {
        let (stack, gateway, _, time) = converged()
        let failing = Mutex(2)
        let docker = FakeDocker { command in
            let fail = command.arguments.first == "ps" || command.arguments.first == "config"
            if fail, failing.withLock({ count in defer { count -= 1 }; return count > 0 }) {
                return DockerResult(status: 1, stderr: "open /srv/x/compose.yaml: no such file or directory\n")
            }
            return stack.answer(command) ?? gateway.answer(command)
        }
        let session = StackSession(directory: InstallDirectory("/srv/x"), time: time)
        await session.prefetch(docker, openclawVersion: "2026.6.5")

        let containers = try await session.containers(docker)
        _ = try await session.configHashes(docker)

        #expect(containers[StackNames.gateway]?.running == true)
        #expect(docker.argvs.filter { $0.first == "ps" }.count == 2)

        failing.withLock { $0 = 1 }
        let fresh = StackSession(directory: InstallDirectory("/srv/x"), time: time)
        await #expect(throws: (any Error).self) { try await fresh.containers(docker) }
    }

    /// A converged status whose gateway config comes from the recorded CLI answer: the same
    /// single probe as with the CLI.
    @Test func statusWithARecordedGatewayConfigProbesOnce() async throws {
        let (_, gateway, docker, time) = converged()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = InstallDirectory(dir.path).gatewayConfigFile
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try JSONValue.object(["gateway": .object(gateway.gateway ?? [:])]).encoded().write(to: URL(fileURLWithPath: file))
        let recorded = Context.fake(directory: dir.path, docker: docker, time: time)
        _ = try await GatewayConfigRead(directory: InstallDirectory(dir.path), openclawVersion: recorded.settings.openclawVersion, records: true)
            .read(docker, time)
        let before = docker.commands.count

        let context = Context.fake(directory: dir.path, docker: docker, time: time)
        await context.stack.prefetch(context.docker, openclawVersion: context.settings.openclawVersion)
        let groups = [StatusRunner.Group(
            name: "containers", steps: [ImageStep(), StackServicesStep.gatewayAndPomerium, StackServicesStep.wholeStack, TrustedProxyStep()])]
        let report = await StatusRunner(groups).run(context)

        #expect(report.allInPlace)
        let argvs = docker.argvs.dropFirst(before)
        #expect(argvs.filter { $0.contains("curl") }.count == 1, "\(argvs)")
        #expect(!argvs.contains { $0.contains("openclaw") })
    }

    /// `config --hash` covers compose.yaml and the `.env` values it interpolates: a new
    /// operator email keeps the hashes read, a new OpenClaw release or a rewritten
    /// compose.yaml reads them again, and so does any change to an `.env` that substitutes.
    @Test func theHashesAreReadAgainOnlyForWhatTheyCover() async throws {
        let (_, _, docker, time) = converged()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for file in StackFiles.all {
            let path = dir.file(file.path)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
        }
        func env(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file(".env"))) }
        let session = StackSession(directory: InstallDirectory(dir.path), time: time)
        func reads() -> Int { docker.argvs.filter { $0.first == "config" }.count }

        try env("OPENCLAW_VERSION=2026.6.5\nOPERATOR_EMAIL=a@example.com\n")
        _ = try await session.configHashes(docker)
        try env("OPENCLAW_VERSION=2026.6.5\nOPERATOR_EMAIL=b@example.com\n")
        _ = try await session.configHashes(docker)
        #expect(reads() == 1)

        try env("OPENCLAW_VERSION=2026.7.1\nOPERATOR_EMAIL=b@example.com\n")
        _ = try await session.configHashes(docker)
        #expect(reads() == 2)

        try env("OPENCLAW_VERSION=2026.7.1\nOPERATOR_EMAIL=b@example.com\nPOMCLAW_SSH_PORT=2222\n")
        _ = try await session.configHashes(docker)
        #expect(reads() == 3)

        try env("OPENCLAW_VERSION=2026.7.1\nOPERATOR_EMAIL=$OTHER\nPOMCLAW_SSH_PORT=2222\n")
        _ = try await session.configHashes(docker)
        try env("OPENCLAW_VERSION=2026.7.1\nOPERATOR_EMAIL=$ELSE\nPOMCLAW_SSH_PORT=2222\n")
        _ = try await session.configHashes(docker)
        #expect(reads() == 5)

        try Data((StackFiles.all[0].contents + "\n# edited\n").utf8).write(to: URL(fileURLWithPath: dir.file(StackFiles.all[0].path)))
        _ = try await session.configHashes(docker)
        #expect(reads() == 6)
    }

    @Test func theNamesAComposeFileInterpolates() {
        #expect(StackSession.interpolated("a: ${A_1:-x}\nb: $B c: $$ d: ${C?err} e: $") == ["A_1", "B", "C"])
        #expect(StackSession.interpolated(StackFiles.all[0].contents).contains("OPENCLAW_VERSION"))
        #expect(!StackSession.interpolated(StackFiles.all[0].contents).contains("OPERATOR_EMAIL"))
    }

    /// `compose up` forgets the containers and the probe, so the check after it reads them
    /// again; an OpenClaw write forgets the gateway config.
    @Test func changesForgetWhatTheyMayHaveChanged() async throws {
        let (_, gateway, docker, time) = converged()
        let context = Context.fake(docker: docker, time: time)
        let first = try await context.stack.containers(context.docker)
        _ = try await context.stack.gatewayConfig(first, context.docker, openclawVersion: context.settings.openclawVersion)
        _ = try await context.stack.containers(context.docker)
        #expect(docker.commands.count == 3)

        try await context.docker.output(.up([StackNames.pomerium]))
        let again = try await context.stack.containers(context.docker)
        #expect(docker.commands.count == 6)  // up, ps, inspect
        // The gateway container is the same one: its config read stands.
        _ = try await context.stack.gatewayConfig(again, context.docker, openclawVersion: context.settings.openclawVersion)
        #expect(docker.openclawInvocations == 1)

        // A build changes the image, never a container: only the image is read again.
        _ = try await context.stack.imageInspect("openclaw:test", context.docker)
        try await context.docker.output(.build(StackNames.gateway))
        _ = try await context.stack.containers(context.docker)
        _ = try await context.stack.imageInspect("openclaw:test", context.docker)
        #expect(docker.argvs.suffix(3).map { $0.first } == ["image", "build", "image"])

        gateway.setGateway(GatewayHarness.firstBoot)
        var patch = ConfigPatch()
        patch.set(["gateway", "mode"], "local")
        try await OpenClawCLI(context).patch(patch)
        let config = try await context.stack.gatewayConfig(again, context.docker, openclawVersion: context.settings.openclawVersion)
        #expect(docker.openclawInvocations == 3)
        #expect(config.authMode != "trusted-proxy")
    }
}
