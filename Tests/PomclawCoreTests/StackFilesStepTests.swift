import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct StackFilesStepTests {
    let step = StackFilesStep()

    /// The repository root, where the real stack files are.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theBinaryCarriesExactlyTheRepositorysStackFiles() throws {
        #expect(StackFiles.all.map(\.path) == ["compose.yaml", "docker/openclaw/Dockerfile", "docker/openclaw/entrypoint.sh"])
        for file in StackFiles.all {
            let onDisk = try String(contentsOf: Self.root.appendingPathComponent(file.path), encoding: .utf8)
            #expect(
                onDisk == file.contents,
                "\(file.path) changed without regenerating: run scripts/embed-stack-files.py")
        }
    }

    @Test func anEmptyDirectoryGetsEveryFileWithItsMode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        guard case .changes(let plan) = try await step.check(context) else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.finding == .missing)
        #expect(plan.confirmation == nil)
        #expect(plan.changes == StackFiles.all.map { "write \($0.path)" })
        try await step.apply(context)
        #expect(try await step.check(context) == .done("compose.yaml, docker/openclaw/Dockerfile, docker/openclaw/entrypoint.sh"))
        #expect(try Self.mode(directory.file("docker/openclaw/entrypoint.sh")) == 0o755)
        #expect(try Self.mode(directory.file("compose.yaml")) == 0o644)
        #expect(InstallState.read(InstallDirectory(directory.path)).stackFiles?["compose.yaml"] == StackFiles.all[0].sha256)
    }

    @Test func aFileFromAnEarlierPomclawIsUpdatedWithoutAsking() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        let older = StackFile(path: "compose.yaml", mode: 0o644, contents: "services: {}\n")
        try await StackFilesStep(files: [older]).apply(context)
        guard case .changes(let plan) = try await step.check(context) else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.confirmation == nil)
        #expect(plan.changes.first == "update compose.yaml to this pomclaw's version")
        try await step.apply(context)
        #expect(!FileManager.default.fileExists(atPath: directory.file("compose.yaml.orig")))
        #expect(try String(contentsOfFile: directory.file("compose.yaml"), encoding: .utf8) == StackFiles.all[0].contents)
    }

    @Test func anEditedFileNeedsConfirmationAndIsKeptAsOrig() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        try await step.apply(context)
        let edited = StackFiles.all[0].contents + "# my edit\n"
        try Data(edited.utf8).write(to: URL(fileURLWithPath: directory.file("compose.yaml")))
        guard case .changes(let plan) = try await step.check(context) else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.finding == .drifted)
        #expect(plan.confirmation?.contains("compose.yaml differs from what pomclaw installed") == true)
        #expect(plan.changes == ["replace compose.yaml with this pomclaw's version (yours is kept as compose.yaml.orig)"])
        try await step.apply(context)
        #expect(try String(contentsOfFile: directory.file("compose.yaml.orig"), encoding: .utf8) == edited)
        guard case .done = try await step.check(context) else {
            Issue.record("not converged")
            return
        }
    }

    @Test func aWrongModeIsRestored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        try await step.apply(context)
        chmod(directory.file("docker/openclaw/entrypoint.sh"), 0o644)
        #expect(try await step.check(context) == .changes(Plan(["set the mode of docker/openclaw/entrypoint.sh to 755"])))
        try await step.apply(context)
        #expect(try Self.mode(directory.file("docker/openclaw/entrypoint.sh")) == 0o755)
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }
}
