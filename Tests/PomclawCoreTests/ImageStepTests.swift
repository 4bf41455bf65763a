import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ImageStepTests {
    let inspect = ["image", "inspect", "--format", "{{.Id}}", "openclaw:2026.6.5"]
    /// The stack's container read, which the step shares with the steps after it.
    let containers = ["ps", "-a", "-q"]

    @Test func aGatewayRunningFromTheImageShowsItWithoutAnInspect() async {
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: true)
        stack.start(StackNames.gateway)
        let docker = stack.docker()
        let report = await Runner([ImageStep()]).run(.fake(docker: docker))
        #expect(report.steps.map(\.outcome) == [.alreadyDone("openclaw:2026.6.5")])
        #expect(docker.argvs.first == containers)
        #expect(!docker.argvs.contains(inspect))
    }

    @Test func aGatewayRunningFromAnotherImageIsNoEvidence() async throws {
        var settings = Settings.example
        settings.openclawVersion = "2026.7.1"
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        stack.start(StackNames.gateway)
        let docker = stack.docker()
        let result = try await ImageStep().check(.fake(settings: settings, docker: docker))
        #expect(result == .changes(Plan(["build image openclaw:2026.7.1 (a few minutes the first time)"])))
        #expect(docker.argvs.last == ["image", "inspect", "--format", "{{.Id}}", "openclaw:2026.7.1"])
    }

    @Test func anImageThatExistsIsNeverRebuilt() async {
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: true)
        let docker = stack.docker()
        let report = await Runner([ImageStep()]).run(.fake(docker: docker))
        #expect(report.steps.map(\.outcome) == [.alreadyDone("openclaw:2026.6.5")])
        #expect(docker.argvs == [containers, inspect])
    }

    @Test func aMissingImageIsBuiltWithItsOutputShown() async {
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        let docker = stack.docker(buildLines: ["Step 1/9 : FROM node:22-bookworm-slim", "\u{1B}[1mSuccessfully built\u{1B}[0m", ""])
        let console = FakeConsole()
        let report = await Runner([ImageStep()]).run(.fake(console: console, docker: docker))
        #expect(
            report.steps.map(\.outcome) == [.changed(["build image openclaw:2026.6.5 (a few minutes the first time)"])])
        #expect(docker.argvs == [containers, inspect, ["build", "openclaw-gateway"], inspect])
        #expect(docker.commands[2].tool == .compose)
        #expect(console.logLines.contains("info:   | Step 1/9 : FROM node:22-bookworm-slim"))
        #expect(console.logLines.contains("info:   | Successfully built"))
        #expect(!console.logLines.contains("info:   | "))
    }

    @Test func aFailedBuildReportsItsTailAndWhatToDo() async {
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        stack.failBuild("npm ERR! network request to https://registry.npmjs.org/openclaw failed\nERROR: Service 'openclaw-gateway' failed to build\n")
        let docker = stack.docker()
        let report = await Runner([ImageStep()]).run(.fake(docker: docker))
        guard case .failed(let message) = report.steps[0].outcome else {
            Issue.record("expected a failure, got \(report.steps[0].outcome)")
            return
        }
        #expect(message.contains("`docker compose build openclaw-gateway` exited with status 1"))
        #expect(message.contains("npm ERR! network request"))
        #expect(message.contains("Next: Read the build output above"))
        #expect(docker.argvs == [containers, inspect, ["build", "openclaw-gateway"]])
    }

    @Test func anEngineThatIsDownIsAnErrorNotAMissingImage() async {
        let docker = FakeDocker { _ in
            DockerResult(status: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.")
        }
        await #expect(throws: PomclawError.self) { try await ImageStep().check(.fake(docker: docker)) }
        #expect(docker.argvs.last == inspect)
    }

    @Test func theImageFollowsThePinnedVersion() async throws {
        var settings = Settings.example
        settings.openclawVersion = "2026.7.1"
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        let docker = stack.docker()
        let result = try await ImageStep().check(.fake(settings: settings, docker: docker))
        #expect(result == .changes(Plan(["build image openclaw:2026.7.1 (a few minutes the first time)"])))
        #expect(docker.argvs == [containers, ["image", "inspect", "--format", "{{.Id}}", "openclaw:2026.7.1"]])
    }
}
