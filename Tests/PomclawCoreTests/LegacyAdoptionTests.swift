import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Testing

/// The original installer's compose file retired beside pomclaw's, what an adopting run says,
/// and `upgrade` putting the old pin back when the new image cannot be built.
@Suite struct LegacyAdoptionTests {
    func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func withoutTheOriginalsComposeFileThereIsNothingToDo() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        #expect(try await LegacyComposeStep().check(context) == .done("none"))
        #expect(LegacyAdoption.survey(InstallDirectory(directory.path)) == nil)
    }

    @Test func theOriginalsComposeFileIsRenamedOnceComposeYamlExists() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        try write("services: {}\n", directory.file("docker-compose.yml"))
        guard case .changes(let plan) = try await LegacyComposeStep().check(context) else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.changes == [
            "rename docker-compose.yml (the original installer's) to docker-compose.yml.orig: compose.yaml replaces it, "
                + "and the containers, network and volumes keep their project name",
        ])
        await #expect(throws: PomclawError.self) { try await LegacyComposeStep().apply(context) }
        #expect(FileManager.default.fileExists(atPath: directory.file("docker-compose.yml")), "renamed without compose.yaml")

        try write("services: {}\n", directory.file("compose.yaml"))
        try write("older\n", directory.file("docker-compose.yml.orig"))
        try await LegacyComposeStep().apply(context)
        #expect(!FileManager.default.fileExists(atPath: directory.file("docker-compose.yml")))
        #expect(try String(contentsOfFile: directory.file("docker-compose.yml.orig.2"), encoding: .utf8) == "services: {}\n")
        #expect(try String(contentsOfFile: directory.file("docker-compose.yml.orig"), encoding: .utf8) == "older\n")
        #expect(try await LegacyComposeStep().check(context) == .done("none"))
    }

    @Test func theSummaryNamesWhatWasFoundAndNotWhatWasCreated() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        try write("x\n", directory.file("pomerium_user_ca_key"))
        try write("services: {}\n", directory.file("docker-compose.yml"))
        try write("POMERIUM_ZERO_API_TOKEN=abc\n", directory.file(".env"))
        let legacy = try #require(LegacyAdoption.survey(InstallDirectory(directory.path)))
        #expect(legacy.rootKeys == ["pomerium_user_ca_key"] && legacy.composeFile && legacy.apiTokenInEnv)
        let report = RunReport(steps: [
            StepReport(id: "zero-policy", title: "policy", outcome: .alreadyDone(nil)),
            StepReport(id: "zero-route-ssh", title: "ssh", outcome: .changed(["route ssh://openclaw: passIdentityHeaders → true"])),
            StepReport(id: "zero-route-web", title: "web", outcome: .changed(["create route https://openclaw.x → y"])),
        ])
        let summary = legacy.summary(report, settings: .example)
        #expect(summary.contains("keys from the directory root (pomerium_user_ca_key;"))
        #expect(summary.contains("docker-compose.yml is kept as docker-compose.yml.orig"))
        #expect(summary.contains("policy 'openclaw users', route ssh://openclaw (found in Pomerium Zero"))
        #expect(!summary.contains("route https://"), "a created route is not adopted")
        #expect(!summary.contains("POMERIUM_ZERO_API_TOKEN"), "the token is the scrub offer's business")
        #expect(!summary.contains("abc"))
    }

    @Test func upgradePutsTheOldPinBackWhenTheImageCannotBeBuilt() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        try write("# mine\nOPENCLAW_VERSION=2026.6.5\nOTHER=1\n", directory.file(".env"))
        try write("services: {}\n", directory.file("compose.yaml"))
        let stack = FakeStack(time: FakeTimekeeper(), imagePresent: false)
        stack.failBuild("npm error notarget No matching version found for openclaw@2026.9.9")
        let console = FakeConsole()
        let context = Context.fake(directory: directory.path, options: RunOptions(nonInteractive: true), console: console, docker: stack.docker())
        let outcome = try await OpenClawUpgrade().run(to: "2026.9.9", context)
        #expect(outcome.report.failed && outcome.restoredPin)
        #expect(outcome.from == "2026.6.5" && outcome.to == "2026.9.9")
        #expect(try String(contentsOfFile: directory.file(".env"), encoding: .utf8) == "# mine\nOPENCLAW_VERSION=2026.6.5\nOTHER=1\n")
    }

    @Test func upgradeAndDoctorSendAnUnadoptedOriginalInstallToInstallFirst() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        try write("OPENCLAW_VERSION=2026.6.5\n", directory.file(".env"))
        try write("services: {}\n", directory.file("docker-compose.yml"))
        let context = Context.fake(directory: directory.path)
        do {
            _ = try await OpenClawUpgrade().run(to: "2026.7.1", context)
            Issue.record("upgrade ran in an unadopted directory")
        } catch let error as PomclawError {
            #expect(error.nextAction.contains("pomclaw install"))
        }
        #expect(try String(contentsOfFile: directory.file(".env"), encoding: .utf8) == "OPENCLAW_VERSION=2026.6.5\n")
        let findings = Doctor(host: SystemHostProbe(), zero: ZeroProbe(baseURL: URL(string: "http://127.0.0.1:9")!, transport: ScriptedTransport()))
            .legacy(context)
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.detail.contains("docker-compose.yml") == true)
    }

    @Test func upgradeRefusesADirectoryWithoutAnInstall() async throws {
        let directory = try TemporaryDirectory("pomclaw-legacy")
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path)
        await #expect(throws: PomclawError.self) { try await OpenClawUpgrade().run(to: "2026.7.1", context) }
        #expect(!FileManager.default.fileExists(atPath: directory.file(".env")))
    }
}
