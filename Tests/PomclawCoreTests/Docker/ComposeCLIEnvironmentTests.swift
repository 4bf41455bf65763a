import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// What children get besides argv: environment, working directory, stdin, compose file.
@Suite struct ComposeCLIEnvironmentTests {
    static let parent: [String: String] = [
        "PATH": ComposeHarness.path, "HOME": "/root", "DOCKER_HOST": "unix:///run/docker.sock", "LANG": "C.UTF-8",
        "POMERIUM_ZERO_TOKEN": "stale-zero-token", "POMERIUM_ZERO_API_TOKEN": "stale-api-token",
        "POMERIUM_CLUSTER_DOMAIN": "old.example.com", "OPERATOR_EMAIL": "old@example.com",
        "OPENCLAW_VERSION": "0.0.1",
    ]

    @Test(arguments: [ComposeHarness.Flavor.plugin, .standalone])
    func childrenNeverSeeManagedSettings(flavor: ComposeHarness.Flavor) async throws {
        let harness = ComposeHarness(flavor, environment: Self.parent)

        _ = try await harness.cli.run(.up())
        _ = try await harness.cli.run(.imageInspect("x"))

        let expected = ["PATH": ComposeHarness.path, "HOME": "/root", "DOCKER_HOST": "unix:///run/docker.sock", "LANG": "C.UTF-8"]
        // The version probes too.
        #expect(harness.processes.requests.count == ComposeHarness.refusedAttempts(flavor) + 2)
        for request in harness.processes.requests {
            #expect(request.environment == expected, "\(request)")
        }
        #expect(harness.cli.childEnvironment == expected)
    }

    @Test func everyInputKeyIsScrubbed() {
        let environment = Dictionary(uniqueKeysWithValues: InputKey.allCases.map { ($0.variable, "value") })
        #expect(ComposeCLI.childEnvironment(environment.merging(["KEEP": "1"]) { a, _ in a }) == ["KEEP": "1"])
    }

    @Test func stdinCarriesTheSecretAndArgvDoesNot() async throws {
        let harness = ComposeHarness(.plugin)
        let token = Secret("s3cr3t-token-value")

        _ = try await harness.cli.run(.openclaw(["config", "set", "--stdin", "gateway.auth.token"], input: token))

        let request = try #require(harness.commandRequests.last)
        #expect(request.input == token)
        #expect(!request.argv.contains { $0.contains(token.value) })
        #expect(!request.description.contains(token.value))
        #expect(harness.processes.requests.filter { $0.input != nil }.count == 1)
    }

    @Test(arguments: [
        (Set(["compose.yaml"]), "compose.yaml"),
        (Set(["docker-compose.yml"]), "docker-compose.yml"),
        (Set(["compose.yaml", "docker-compose.yml"]), "compose.yaml"),
        (Set<String>(), "compose.yaml"),
    ])
    func theComposeFileIsOursElseTheOriginalInstallers(files: Set<String>, chosen: String) async throws {
        let harness = ComposeHarness(.plugin, files: files)

        _ = try await harness.cli.run(.down())

        #expect(harness.commandRequests.last?.argv == ComposeHarness.composePrefix(.plugin, file: chosen) + ["down"])
        #expect(harness.cli.composeFile == ComposeHarness.directory.file(chosen))
    }

    @Test func resultsOfEveryStatusAreReturned() async throws {
        let harness = ComposeHarness(.plugin, answer: { _ in
            ProcessResult(status: 1, stdout: "out\n", stderr: "no such image\n")
        })

        let result = try await harness.cli.run(.imageInspect("missing:1"))

        #expect(result == DockerResult(status: 1, stdout: "out\n", stderr: "no such image\n"))
        let error = await #expect(throws: DockerError.self) { try await harness.cli.output(.imageInspect("missing:1")) }
        #expect(error?.error.message.contains("no such image") == true)
    }

    @Test func progressLinesReachTheCaller() async throws {
        let processes = FakeProcesses(lines: ["Step 1/3", "Step 2/3"]) { _ in ProcessResult() }
        let cli = ComposeCLI(
            directory: ComposeHarness.directory, environment: ["PATH": "/usr/bin"], processes: processes,
            search: ExecutableSearch { $0 == "/usr/bin/docker" }, exists: { _ in true })
        let lines = Recorder<String>()

        _ = try await cli.run(.imageInspect("x")) { lines.append($0) }

        #expect(lines.values == ["Step 1/3", "Step 2/3"])
    }

    @Test func theObserverSeesDisplayStatusAndDurationNeverStdin() async throws {
        let calls = Recorder<String>()
        let harness = ComposeHarness(
            .plugin,
            observer: { command, status, duration in
                calls.append("\(command) → \(status.map(String.init) ?? "none") in \(duration)")
            },
            answer: { _ in ProcessResult(status: 3, duration: .milliseconds(40)) })

        _ = try await harness.cli.run(.openclaw(["config", "set", "--stdin", "k"], input: Secret("hidden-value")))

        #expect(calls.values == [
            "docker compose exec -T -u claw -e NO_COLOR=1 openclaw-gateway openclaw config set --stdin k → 3 in 0.04 seconds"
        ])
    }

    @Test func aMissingInstallDirectoryIsSaidPlainly() async throws {
        let processes = FakeProcesses { _ in ProcessResult() }
        let cli = ComposeCLI(
            directory: InstallDirectory("/nowhere"), environment: ["PATH": "/usr/bin"], processes: processes,
            search: ExecutableSearch { $0 == "/usr/bin/docker" }, exists: { _ in false })

        let error = await #expect(throws: PomclawError.self) { try await cli.run(.down()) }

        #expect(error?.message == "The install directory /nowhere does not exist.")
    }
}
