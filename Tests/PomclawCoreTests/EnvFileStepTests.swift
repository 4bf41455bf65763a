import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The directory that holds `.env` (the cluster token) is the install's first line of
/// defence: mode 0700, so neither `.env` nor an atomic write's temporary file is ever
/// reachable by other users.
@Suite struct EnvFileStepTests {
    let step = EnvFileStep()

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test func aMissingInstallDirectoryIsCreatedPrivate() async throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let context = Context.fake(directory: parent.file("openclaw"))
        try await step.apply(context)
        #expect(Self.mode(parent.file("openclaw")) == 0o700)
        #expect(Self.mode(parent.file("openclaw/.env")) == 0o600)
        #expect(try await step.check(context) == .done(nil))
    }

    @Test func aWiderInstallDirectoryIsTightenedAndReported() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        try await step.apply(context)
        chmod(directory.path, 0o755)

        guard case .changes(let plan) = try await step.check(context) else {
            Issue.record("a 0755 directory holding .env was accepted")
            return
        }
        #expect(plan.changes == ["restrict the install directory \(directory.path) to mode 0700 (it is 0755; .env holds the cluster token)"])
        #expect(plan.finding == .drifted)
        try await step.apply(context)
        #expect(Self.mode(directory.path) == 0o700)
        #expect(try await step.check(context) == .done(nil))
        // Idempotent: nothing more to do, and a second apply changes nothing.
        try await step.apply(context)
        #expect(Self.mode(directory.path) == 0o700)
    }

    @Test func aFreshDirectoryIsTightenedBeforeDotEnvIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        chmod(directory.path, 0o755)
        let context = Context.fake(directory: directory.path)
        guard case .changes(let plan) = try await step.check(context) else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.changes.contains { $0.hasPrefix("restrict the install directory") }, "\(plan.changes)")
        try await step.apply(context)
        #expect(Self.mode(directory.path) == 0o700)
    }
}
