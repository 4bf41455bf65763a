import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Upgrades across 2026.8.1, where OpenClaw migrates its data one way
/// (openclaw-versions.md §6, "data").
@Suite struct OpenClawUpgradeTests {
    static func install(_ pin: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("pomclaw-upgrade")
        try Data("# mine\nOPENCLAW_VERSION=\(pin)\n".utf8).write(to: URL(fileURLWithPath: directory.file(".env")))
        try Data("services: {}\n".utf8).write(to: URL(fileURLWithPath: directory.file("compose.yaml")))
        return directory
    }

    @Test(arguments: [("2026.8.1", "2026.7.1-2"), ("2026.9.8", "2026.6.5"), ("2026.9.8", "2026.7.35")])
    func goingBackBelowTheMigrationIsRefusedBeforeAnythingChanges(_ from: String, _ to: String) async throws {
        let directory = try Self.install(from)
        defer { directory.remove() }
        let docker = FakeDocker { _ in nil }
        let context = Context.fake(directory: directory.path, docker: docker)
        let error = await #expect(throws: PomclawError.self) { try await OpenClawUpgrade().run(to: to, context) }
        #expect(error?.message.contains("migrated its data one way") == true)
        #expect(error?.message.contains("Nothing was changed") == true)
        #expect(error?.nextAction.contains("pomclaw upgrade --openclaw") == true)
        #expect(docker.commands.isEmpty)
        #expect(try String(contentsOfFile: directory.file(".env"), encoding: .utf8) == "# mine\nOPENCLAW_VERSION=\(from)\n")
    }

    /// Going up across it says that there is no way back, before anything happens; without an
    /// API token it also says the web route must follow.
    @Test func goingUpAcrossItSaysThereIsNoWayBack() async throws {
        let directory = try Self.install("2026.7.1")
        defer { directory.remove() }
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        stack.failBuild("npm error notarget")
        let console = FakeConsole()
        let context = Context.fake(directory: directory.path, console: console, docker: stack.docker())
        _ = try await OpenClawUpgrade().run(to: "2026.9.8", context)
        let warnings = console.logLines.filter { $0.hasPrefix("warning:") }
        #expect(warnings.first?.contains("there is no way back to 2026.7.1") == true, "\(warnings)")
        #expect(warnings.contains { $0.contains("x-openclaw-scopes") && $0.contains("pomclaw install --api-token-file") })
    }

    @Test(arguments: [("2026.6.5", "2026.7.1"), ("2026.8.1", "2026.9.8"), ("2026.9.8", "2026.8.1")])
    func movesOnEitherSideOfItSayNothingAboutIt(_ from: String, _ to: String) async throws {
        let directory = try Self.install(from)
        defer { directory.remove() }
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        stack.failBuild("npm error notarget")
        let console = FakeConsole()
        let context = Context.fake(directory: directory.path, console: console, docker: stack.docker())
        _ = try await OpenClawUpgrade().run(to: to, context)
        #expect(!console.logLines.contains { $0.contains("no way back") || $0.contains("x-openclaw-scopes") })
    }
}
