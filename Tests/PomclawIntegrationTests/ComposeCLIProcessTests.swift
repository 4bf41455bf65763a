import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// ComposeCLI running real child processes: a stand-in `docker` that records what it got, and
/// once the real Docker client against the engine here.
@Suite struct ComposeCLIProcessTests {
    static let hostile = [
        "two words", "it's \"quoted\"", "$(touch /tmp/pomclaw-pwned)", "`id`", "line one\nline two", "a;b|c&d>e",
        "*?[x]", "--not-a-flag", "", "${HOME}", "tab\there", "ünïcødé ✓", "-e", "\\", "'",
    ]

    @Test(arguments: [true, false]) func hostileValuesArriveAsExactlyTheArgvGiven(plugin: Bool) async throws {
        let fake = try FakeDockerTool(plugin: plugin)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)

        for value in Self.hostile {
            _ = try await cli.output(.openclaw(["config", "set", "gateway.x", value]))
            _ = try await cli.output(.imageInspect(value))
        }

        let calls = try fake.calls()
        let compose = plugin ? [fake.bin + "/docker", "compose"] : [fake.bin + "/docker-compose"]
        let prefix = compose + [
            "--project-directory", fake.installDirectory.path, "-f", fake.installDirectory.file("compose.yaml"),
        ]
        let expected = Self.hostile.flatMap { value in
            [
                prefix + ["exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw", "config",
                          "set", "gateway.x", value],
                [fake.bin + "/docker", "image", "inspect", "--format", "{{.Id}}", value],
            ]
        }
        #expect(calls.map(\.argv) == expected)
        #expect(calls.enumerated().allSatisfy { index, call in
            call.cwd == (index % 2 == 0 ? fake.installDirectory.path : FileManager.default.currentDirectoryPath)
        })
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pomclaw-pwned"))
    }

    @Test func secretsReachNeitherArgvNorEnvironmentAndStdinArrivesIntact() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)
        // Large enough to need several writes into the pipe, with every awkward byte kind.
        let token = Secret("tok-$(id)-`x`-'\"\n\tünï✓ " + String(repeating: "0123456789abcdef", count: 64 * 1024))

        let result = try await cli.run(.openclaw(["config", "set", "--stdin", "gateway.auth.token"], input: token))

        #expect(result.status == 0)
        #expect(result.stdout == token.value)
        let call = try #require(try fake.calls().first)
        #expect(call.stdin == token.value)
        #expect(!call.argv.joined().contains("tok-"))
        for key in InputKey.allCases {
            #expect(!call.env.contains(key.variable))
        }
        #expect(call.env.contains("PATH"))
    }

    @Test func childrenInheritNoDescriptorsNoBlockedSignalsNoIgnoredSignals() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)
        // A descriptor without close-on-exec, and an ignored signal: neither may reach a child.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        signal(SIGUSR2, SIG_IGN)

        _ = try await cli.output(.imageInspect("x"))

        let call = try #require(try fake.calls().first)
        // 0-2, and the one python holds open to list its descriptors.
        #expect(call.fds.compactMap(Int.init).allSatisfy { $0 <= 3 }, "\(call.fds)")
        #expect(UInt64(call.sigblk, radix: 16) == 0)
        let sigusr2: UInt64 = 1 << (UInt64(SIGUSR2) - 1)
        #expect((UInt64(call.sigign, radix: 16) ?? sigusr2) & sigusr2 == 0)
    }

    @Test func outputLinesStreamInOrderPerStream() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)
        let lines = Recorder<String>()

        let result = try await cli.run(.build("fake:lines:200")) { lines.append($0) }

        #expect(lines.values.filter { $0.hasPrefix("out") } == (0..<200).map { "out \($0)" })
        #expect(lines.values.filter { $0.hasPrefix("err") } == (0..<200).map { "err \($0)" })
        #expect(lines.values.count == 400)
        #expect(result.stdout == (0..<200).map { "out \($0)\n" }.joined())
        #expect(result.stderr == (0..<200).map { "err \($0)\n" }.joined())
    }

    @Test func aFailureCarriesTheStderrTail() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)

        let error = await #expect(throws: DockerError.self) { try await cli.output(.up(["fake:fail"])) }

        let shown = try #require(error).error
        #expect(shown.message.contains("exited with status 3"))
        #expect(shown.message.contains("Error: the fake broke"))
        #expect(shown.nextAction == DockerCommand.up().nextAction)
    }

    @Test func severalMegabytesOnBothStreamsDoNotDeadlock() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)
        let size = 8 * 1024 * 1024
        let lineCount = Recorder<Int>()

        let result = try await cli.run(.build("fake:big:\(size)")) { _ in lineCount.append(1) }

        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == size / 100 * 100)
        #expect(result.stderr.utf8.count == size / 100 * 100)
        #expect(lineCount.values.count == size / 100 * 2)
    }

    @Test(arguments: ["sleep", "stubborn"]) func cancellingStopsAndReapsTheChild(mode: String) async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let grace = Duration.milliseconds(300)
        let cli = ComposeCLI(
            directory: fake.installDirectory, environment: fake.environment,
            processes: SpawnProcessRunner(terminationGrace: grace))
        let (ready, readyLine) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            defer { readyLine.finish() }
            return try await cli.run(.build("fake:\(mode)")) { readyLine.yield($0) }
        }
        for await line in ready where line == "ready" { break }
        let pid = try #require(try fake.calls().first).pid
        let clock = ContinuousClock()
        let start = clock.now

        task.cancel()
        let outcome = await task.result

        let elapsed = clock.now - start
        #expect(throws: CancellationError.self) { try outcome.get() }
        // Far sooner than the child's 60 s sleep; measured from the test's task, whose resumption
        // may wait for a busy concurrency pool while the whole suite runs on 2 cores.
        #expect(elapsed < .seconds(30))
        if mode == "stubborn" { #expect(elapsed >= grace) }
        // Reaped: not even a zombie answers.
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func aFinishedChildIsReaped() async throws {
        let fake = try FakeDockerTool(plugin: true)
        defer { fake.remove() }
        let cli = ComposeCLI(directory: fake.installDirectory, environment: fake.environment)

        _ = try await cli.output(.imageInspect("x"))

        let pid = try #require(try fake.calls().first).pid
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func missingDockerIsUnavailable() async throws {
        let empty = try TemporaryDirectory("pomclaw-no-docker")
        defer { empty.remove() }
        let cli = ComposeCLI(directory: InstallDirectory(empty.path), environment: ["PATH": empty.path])

        for command in [DockerCommand.imageInspect("x"), .down()] {
            await #expect(throws: DockerError.unavailable("Docker was not found: there is no `docker` on PATH (\(empty.path)).")) {
                try await cli.run(command)
            }
        }
    }

    @Test func theRealEngineSaysAMissingImageIsMissing() async throws {
        let directory = try TemporaryDirectory("pomclaw-real-docker")
        defer { directory.remove() }
        let cli = ComposeCLI(directory: InstallDirectory(directory.path), environment: ProcessInfo.processInfo.environment)

        let result = try await cli.run(.imageInspect("pomclaw-test/does-not-exist:never"))

        #expect(result.status == 1)
        #expect(result.stderr.lowercased().contains("no such image"))
    }

    @Test func theRealComposeHereListsNoContainersForANewProject() async throws {
        let directory = try TemporaryDirectory("pomclaw-real-compose")
        defer { directory.remove() }
        try "services:\n  probe:\n    image: pomclaw-test/none:never\n"
            .write(toFile: directory.file("compose.yaml"), atomically: true, encoding: .utf8)
        let cli = ComposeCLI(directory: InstallDirectory(directory.path), environment: ProcessInfo.processInfo.environment)

        let ids = try await cli.output(.projectContainerIDs)

        #expect(ids.trimmingCharacters(in: .whitespacesAndNewlines) == "")
        // This host has no Compose plugin: the standalone tool was found.
        let argv = try await cli.argv(for: .projectContainerIDs)
        #expect(argv.first?.hasSuffix("/docker-compose") == true || argv.dropFirst().first == "compose")
    }
}
