import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// How the adaptor finds `docker` and Docker Compose, and what it says when they are missing.
@Suite struct ComposeCLIDetectionTests {
    @Test func thePluginIsUsedWhenComposeVersionSucceeds() async throws {
        let harness = ComposeHarness(.plugin)

        _ = try await harness.cli.run(.down())

        #expect(harness.processes.argvs == [
            [ComposeHarness.docker, "compose", "version"],
            ComposeHarness.composePrefix(.plugin) + ["down"],
        ])
    }

    @Test func theStandaloneToolIsUsedWhenThePluginIsMissing() async throws {
        let harness = ComposeHarness(.standalone)

        _ = try await harness.cli.run(.down())

        #expect(harness.processes.argvs == [
            [ComposeHarness.docker, "compose", "version"],
            [ComposeHarness.standalone, "version"],
            ComposeHarness.composePrefix(.standalone) + ["down"],
        ])
    }

    @Test func neitherIsUnavailableAndSaysHowToInstall() async throws {
        let harness = ComposeHarness(.none)

        let error = await #expect(throws: DockerError.self) { try await harness.cli.run(.down()) }

        guard case .unavailable(let message) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.contains("`docker compose version` exited with status 1"))
        #expect(message.contains("is not a docker command"))
        #expect(message.contains("no `docker-compose` on PATH"))
        #expect(message.contains("docker-compose-plugin"))
        #expect(harness.processes.argvs == [[ComposeHarness.docker, "compose", "version"]])
    }

    @Test func aBrokenStandaloneToolIsUnavailable() async throws {
        let standalone = ComposeHarness.standalone
        let processes = FakeProcesses { request in
            request.argv == [standalone, "version"]
                ? ProcessResult(status: 127, stderr: "docker-compose: error while loading shared libraries\n")
                : ProcessResult(status: 1, stderr: "docker: 'compose' is not a docker command.\n")
        }
        let cli = ComposeCLI(
            directory: ComposeHarness.directory, environment: ["PATH": ComposeHarness.path], processes: processes,
            search: ExecutableSearch { $0 == ComposeHarness.docker || $0 == standalone }, exists: { _ in true })

        let error = await #expect(throws: DockerError.self) { try await cli.run(.down()) }

        guard case .unavailable(let message) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.contains("`\(standalone) version` exited with status 127"))
        #expect(message.contains("error while loading shared libraries"))
    }

    @Test(arguments: [DockerCommand.down(), .imageInspect("x")])
    func missingDockerIsUnavailableAndNamesIt(command: DockerCommand) async throws {
        let harness = ComposeHarness(.plugin, environment: ["PATH": "/opt/bin:/usr/bin"], dockerInstalled: false)

        let error = await #expect(throws: DockerError.self) { try await harness.cli.run(command) }

        #expect(error == .unavailable("Docker was not found: there is no `docker` on PATH (/opt/bin:/usr/bin)."))
        #expect(harness.processes.requests.isEmpty)
    }

    @Test func detectionHappensOnceForConcurrentCallers() async throws {
        let gate = TestGate()
        let docker = ComposeHarness.docker
        let processes = FakeProcesses { request in
            guard request.argv == [docker, "compose", "version"] else { return ProcessResult() }
            // Hold the probe back so the other callers arrive while it is in flight.
            await gate.wait()
            return ProcessResult()
        }
        let cli = ComposeCLI(
            directory: ComposeHarness.directory, environment: ["PATH": ComposeHarness.path], processes: processes,
            search: ExecutableSearch { $0 == docker }, exists: { _ in true })

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { _ = try await cli.run(.containerID("service-\(index)")) }
            }
            group.addTask {
                while gate.arrivals == 0 { await Task.yield() }
                gate.open()
            }
            try await group.waitForAll()
        }
        _ = try await cli.run(.down())

        #expect(processes.argvs.filter { $0.contains("version") }.count == 1)
        #expect(processes.requests.count == 22)
    }

    @Test func aFailedDetectionIsNotRepeated() async throws {
        let harness = ComposeHarness(.none)

        _ = try? await harness.cli.run(.down())
        _ = try? await harness.cli.run(.up())

        #expect(harness.processes.argvs == [[ComposeHarness.docker, "compose", "version"]])
    }

    @Test func copiesShareTheDetection() async throws {
        let harness = ComposeHarness(.plugin)
        let copy = harness.cli

        _ = try await harness.cli.run(.down())
        _ = try await copy.run(.down())

        #expect(harness.processes.argvs.filter { $0.contains("version") }.count == 1)
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
            "Could not start /usr/bin/docker to find Docker Compose: Permission denied."
        )) { try await cli.run(.down()) }
    }
}
