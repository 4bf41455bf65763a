import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// How the adaptor finds `docker` and Docker Compose, and what it says when they are missing.
@Suite struct ComposeCLIDetectionTests {
    /// No call of its own: the command runs through the plugin, which answers.
    @Test func thePluginIsUsedWithoutAProbe() async throws {
        let harness = ComposeHarness(.plugin)

        _ = try await harness.cli.run(.down())
        _ = try await harness.cli.run(.up())

        #expect(harness.processes.argvs == [
            ComposeHarness.composePrefix(.plugin) + ["down"],
            ComposeHarness.composePrefix(.plugin) + ["up", "-d", "--no-build"],
        ])
    }

    /// The Docker CLI refuses `compose` (no plugin): the same command runs through the
    /// standalone tool, and so does every later one.
    @Test func theStandaloneToolIsUsedWhenThePluginIsMissing() async throws {
        let harness = ComposeHarness(.standalone)

        let result = try await harness.cli.run(.down())
        _ = try await harness.cli.run(.up())

        #expect(result.status == 0)
        #expect(harness.processes.argvs == [
            ComposeHarness.composePrefix(.plugin) + ["down"],
            ComposeHarness.composePrefix(.standalone) + ["down"],
            ComposeHarness.composePrefix(.standalone) + ["up", "-d", "--no-build"],
        ])
    }

    @Test func neitherIsUnavailableAndSaysHowToInstall() async throws {
        let harness = ComposeHarness(.none)

        let error = await #expect(throws: DockerError.self) { try await harness.cli.run(.down()) }

        guard case .unavailable(let message) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.contains("`docker compose` is not a command of this Docker CLI"))
        #expect(message.contains("(it answered `unknown flag: --project-directory`)"))
        #expect(message.contains("no `docker-compose` on PATH"))
        #expect(message.contains("docker-compose-plugin"))
        #expect(harness.processes.argvs == [ComposeHarness.composePrefix(.plugin) + ["down"]])
    }

    /// What a Docker CLI without the plugin answers (observed on 20.10.24 and 28.2.2, see
    /// ComposeDetection.pluginMissing), and what the plugin's own failures look like.
    @Test(arguments: [
        (125, "unknown flag: --project-directory\nSee 'docker --help'.\n", true),
        (1, "docker: 'compose' is not a docker command.\nSee 'docker --help'\n", true),
        (1, "docker: unknown command: docker compose\n\nRun 'docker --help' for more information\n", true),
        (0, "unknown flag: --project-directory\n", false),
        (1, "no configuration file provided: not found\n", false),
        (1, "unknown flag: --wait\n", false),
        (125, "Error response from daemon: conflict\n", false),
    ])
    func thePluginIsMissingOnlyWhenTheDockerCLISaysSo(status: Int32, stderr: String, missing: Bool) {
        #expect(ComposeDetection.pluginMissing(DockerResult(status: status, stderr: stderr)) == missing)
    }

    /// A plugin that answers with an error (the engine is down, say) is still the plugin:
    /// the error is the command's, reported as such.
    @Test func anErrorThatIsNotAMissingPluginIsTheCommands() async throws {
        let harness = ComposeHarness(.plugin, answer: { _ in
            ProcessResult(status: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n")
        })

        let result = try await harness.cli.run(.down())
        _ = try await harness.cli.run(.up())

        #expect(result.status == 1)
        #expect(harness.processes.argvs.allSatisfy { $0.starts(with: [ComposeHarness.docker, "compose"]) })
        #expect(harness.processes.argvs.count == 2)
    }

    @Test(arguments: [DockerCommand.down(), .imageInspect("x")])
    func missingDockerIsUnavailableAndNamesIt(command: DockerCommand) async throws {
        let harness = ComposeHarness(.plugin, environment: ["PATH": "/opt/bin:/usr/bin"], dockerInstalled: false)

        let error = await #expect(throws: DockerError.self) { try await harness.cli.run(command) }

        #expect(error == .unavailable("Docker was not found: there is no `docker` on PATH (/opt/bin:/usr/bin)."))
        #expect(harness.processes.requests.isEmpty)
    }

    /// Callers that arrive while the first answer is outstanding run through the plugin too;
    /// once one learns it is missing, every caller runs through the standalone tool, each
    /// command once for real.
    @Test(.timeLimit(.minutes(1))) func concurrentCallersAgreeOnTheAnswer() async throws {
        // Every caller's attempt through the plugin is under way before any is refused.
        let barrier = Barrier(20)
        let harness = ComposeHarness(.standalone, beforeRefusal: { await barrier.arrive() })

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { _ = try await harness.cli.run(.containerID("service-\(index)")) }
            }
            try await group.waitForAll()
        }
        _ = try await harness.cli.run(.down())

        #expect(harness.commandRequests.count == 21)
        #expect(harness.commandRequests.allSatisfy { $0.argv.first == ComposeHarness.standalone })
        #expect(harness.processes.argvs.last == ComposeHarness.composePrefix(.standalone) + ["down"])
    }

    @Test func aFailedDetectionIsNotRepeated() async throws {
        let harness = ComposeHarness(.none)

        _ = try? await harness.cli.run(.down())
        _ = try? await harness.cli.run(.up())

        #expect(harness.processes.argvs == [ComposeHarness.composePrefix(.plugin) + ["down"]])
    }

    @Test func copiesShareTheDetection() async throws {
        let harness = ComposeHarness(.standalone)
        let copy = harness.cli

        _ = try await harness.cli.run(.down())
        _ = try await copy.run(.down())

        #expect(harness.processes.argvs.filter { $0.starts(with: [ComposeHarness.docker, "compose"]) }.count == 1)
    }

    @Test func anUnstartableToolIsUnavailable() async throws {
        let processes = FakeProcesses { _ in throw ProcessStartError(program: "/usr/bin/docker", reason: "Permission denied") }
        let cli = ComposeCLI(
            directory: ComposeHarness.directory, environment: ["PATH": "/usr/bin"], processes: processes,
            search: ExecutableSearch { $0 == "/usr/bin/docker" }, exists: { _ in true })

        await #expect(throws: DockerError.unavailable(
            "Could not start `docker image inspect --format {{.Id}} x`: could not start /usr/bin/docker: Permission denied."
        )) { try await cli.run(.imageInspect("x")) }
        await #expect(throws: DockerError.unavailable(
            "Could not start `docker compose down`: could not start /usr/bin/docker: Permission denied."
        )) { try await cli.run(.down()) }
    }
}

/// Holds each arrival until `count` have arrived.
private actor Barrier {
    private let count: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { self.count = count }

    func arrive() async {
        arrived += 1
        guard arrived < count else {
            waiting.forEach { $0.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
