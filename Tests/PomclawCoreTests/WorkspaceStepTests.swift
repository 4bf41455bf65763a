import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The agent's workspace ends up in `openclaw-data/workspace`, where compose.yaml mounts it as
/// OpenClaw's `~/.openclaw/workspace` (openclaw-audit.md #53); one OpenClaw already wrote in
/// the old place is moved there, never lost.
@Suite struct WorkspaceStepTests {
    struct Fixture {
        let dir: TemporaryDirectory
        let stack = FakeContainers()
        let docker: FakeDocker

        init() throws {
            dir = try TemporaryDirectory()
            let stack = self.stack
            docker = FakeDocker { command in
                if command == .stop(StackNames.gateway) { return DockerResult() }
                return stack.answer(command)
            }
        }

        var context: Context {
            Context.fake(directory: dir.path, settings: .example, options: RunOptions(nonInteractive: true), docker: docker)
        }

        func write(_ relative: String, _ text: String) throws {
            let path = dir.path + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        func read(_ relative: String) -> String? {
            FileManager.default.contents(atPath: dir.path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func aWorkspaceInTheOldPlaceMovesWholeOnceTheGatewayStopped() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        try f.write("openclaw-data/config/.openclaw/workspace/AGENTS.md", "my agent\n")
        try f.write("openclaw-data/config/.openclaw/workspace/memory/2026-12-01.md", "notes\n")
        try FileManager.default.createDirectory(atPath: f.dir.path + "/openclaw-data/workspace", withIntermediateDirectories: true)

        let report = await Runner([WorkspaceStep()]).run(f.context)
        #expect(report.steps[0].outcome == .changed([
            "move OpenClaw's workspace from openclaw-data/config/.openclaw/workspace to openclaw-data/workspace",
        ]))
        #expect(f.read("openclaw-data/workspace/AGENTS.md") == "my agent\n")
        #expect(f.read("openclaw-data/workspace/memory/2026-12-01.md") == "notes\n")
        #expect(!FileManager.default.fileExists(atPath: f.dir.path + "/openclaw-data/config/.openclaw/workspace"))
        let stop = try #require(f.docker.commands.firstIndex(of: .stop(StackNames.gateway)))
        #expect(stop < f.docker.commands.count, "the gateway was stopped before the move")

        let again = await Runner([WorkspaceStep()]).run(f.context)
        #expect(again.steps[0].outcome == .alreadyDone("openclaw-data/workspace"))
    }

    /// After the move the old path is only the mount point Docker makes: empty, nothing to do.
    @Test func anEmptyMountPointNeedsNothing() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        try FileManager.default.createDirectory(
            atPath: f.dir.path + "/openclaw-data/config/.openclaw/workspace", withIntermediateDirectories: true)
        try f.write("openclaw-data/workspace/AGENTS.md", "mine\n")
        #expect(try await WorkspaceStep().check(f.context) == .done("openclaw-data/workspace"))
        #expect(f.docker.commands.isEmpty)
    }

    @Test func twoWorkspacesWithFilesAreLeftForThePersonToMerge() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        try f.write("openclaw-data/config/.openclaw/workspace/AGENTS.md", "theirs\n")
        try f.write("openclaw-data/workspace/notes.md", "mine\n")
        guard case .blocked(let error) = try await WorkspaceStep().check(f.context) else {
            Issue.record("not blocked")
            return
        }
        #expect(error.message.contains("Both"))
        #expect(error.nextAction.contains("re-run pomclaw install"))
        #expect(f.read("openclaw-data/workspace/notes.md") == "mine\n")
        #expect(f.read("openclaw-data/config/.openclaw/workspace/AGENTS.md") == "theirs\n")
    }
}
