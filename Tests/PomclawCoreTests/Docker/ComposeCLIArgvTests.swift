import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The exact argv of every docker call pomclaw makes, through the real adaptor, for the
/// Compose plugin and for a standalone docker-compose.
@Suite struct ComposeCLIArgvTests {
    static let flavors: [ComposeHarness.Flavor] = [.plugin, .standalone]
    /// Values that a shell would split, expand or execute; each must stay one argument.
    static let hostile = [
        "two words", "it's \"quoted\"", "$(touch /tmp/pwned)", "`id`", "line one\nline two", "a;b|c&d>e",
        "*?[x]", "--not-a-flag", "", "${HOME}", "tab\there", "ünïcødé ✓",
    ]

    static let composeCases: [(DockerCommand, [String])] = [
        (.build("openclaw-gateway"), ["build", "openclaw-gateway"]),
        (.up(), ["up", "-d", "--no-build"]),
        (.up(["pomerium", "verify"]), ["up", "-d", "--no-build", "pomerium", "verify"]),
        (.containerID("pomerium"), ["ps", "-a", "-q", "pomerium"]),
        (.projectContainerIDs, ["ps", "-a", "-q"]),
        (.exec("verify", user: "root", environment: [("A", "1"), ("B", "x y")], ["sh", "-c", "true"], nextAction: ""),
         ["exec", "-T", "-u", "root", "-e", "A=1", "-e", "B=x y", "verify", "sh", "-c", "true"]),
        (.openclaw(["config", "get", "gateway.bind"]),
         ["exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw", "config", "get", "gateway.bind"]),
        (.gatewayProbe,
         ["exec", "-T", "-u", "claw", "openclaw-gateway", "curl", "-sS", "--max-time", "3", "-w", "\n%{http_code}\n",
          "http://127.0.0.1:18789/readyz", "http://openclaw-gateway:18789/readyz"]),
        (.restart("openclaw-gateway"), ["restart", "openclaw-gateway"]),
        (.down(), ["down"]),
        (.down(volumes: true), ["down", "--volumes"]),
        (.logs("openclaw-gateway", tail: 50), ["logs", "--no-color", "--tail", "50", "openclaw-gateway"]),
    ]

    static let dockerCases: [(DockerCommand, [String])] = [
        (.imageInspect("pomclaw-openclaw:2026.1.1"),
         ["image", "inspect", "--format", "{{.Id}}", "pomclaw-openclaw:2026.1.1"]),
        (.inspect(["abc123", "def456"]), ["inspect", "--type", "container", "abc123", "def456"]),
    ]

    @Test(arguments: flavors) func everyComposeCommand(flavor: ComposeHarness.Flavor) async throws {
        let harness = ComposeHarness(flavor)
        for (command, _) in Self.composeCases {
            _ = try await harness.cli.run(command)
        }
        let prefix = ComposeHarness.composePrefix(flavor)
        #expect(harness.commandRequests.map(\.argv) == Self.composeCases.map { prefix + $0.1 })
        #expect(harness.commandRequests.allSatisfy { $0.directory == ComposeHarness.directory.path })
    }

    @Test(arguments: flavors) func everyDockerCommand(flavor: ComposeHarness.Flavor) async throws {
        let harness = ComposeHarness(flavor)
        for (command, _) in Self.dockerCases {
            _ = try await harness.cli.run(command)
        }
        #expect(harness.processes.argvs == Self.dockerCases.map { [ComposeHarness.docker] + $0.1 })
        // Plain docker calls need no Compose, and run where pomclaw runs.
        #expect(harness.processes.requests.allSatisfy { $0.directory == nil })
    }

    @Test(arguments: flavors) func hostileValuesStaySingleArguments(flavor: ComposeHarness.Flavor) async throws {
        let harness = ComposeHarness(flavor)
        for value in Self.hostile {
            _ = try await harness.cli.run(.openclaw(["config", "set", "gateway.x", value]))
            _ = try await harness.cli.run(.imageInspect(value))
        }
        let expected = Self.hostile.flatMap { value in
            [
                ComposeHarness.composePrefix(flavor)
                    + ["exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw", "config", "set",
                       "gateway.x", value],
                [ComposeHarness.docker, "image", "inspect", "--format", "{{.Id}}", value],
            ]
        }
        #expect(harness.commandRequests.map(\.argv) == expected)
    }

    @Test func anInstallDirectoryWithHostileCharactersIsOneArgument() async throws {
        let directory = InstallDirectory("/srv/$(id) `x`/it's here")
        let processes = FakeProcesses { _ in ProcessResult() }
        let cli = ComposeCLI(
            directory: directory, environment: ["PATH": "/usr/bin"], processes: processes,
            search: ExecutableSearch { $0 == "/usr/bin/docker" }, exists: { _ in true })

        _ = try await cli.run(.down())

        #expect(processes.argvs.last == [
            "/usr/bin/docker", "compose", "--project-directory", "/srv/$(id) `x`/it's here", "-f",
            "/srv/$(id) `x`/it's here/compose.yaml", "down",
        ])
    }
}
