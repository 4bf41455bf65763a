import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Testing

/// The gateway's first config, written before its first start so it starts in trusted-proxy
/// auth and the trusted-proxy step's check finds everything in place in one read.
@Suite struct GatewayConfigStepTests {
    let step = GatewayConfigStep()

    /// An install directory with an `.env` of `lines`, and a stack without containers (or
    /// with a gateway in the state given).
    private struct Fixture {
        let dir: TemporaryDirectory
        let containers: FakeContainers
        let docker: FakeDocker

        init(env lines: [String] = [], gateway: FakeContainers.Service? = nil) throws {
            dir = try TemporaryDirectory()
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: dir.file(".env")))
            let containers = FakeContainers(pomerium: nil)
            containers.set(StackNames.gateway, gateway)
            self.containers = containers
            docker = FakeDocker { containers.answer($0) }
        }

        var install: InstallDirectory { InstallDirectory(dir.path) }
        var configFile: String { install.gatewayConfigFile }

        func context(dryRun: Bool = false) -> Context {
            .fake(directory: dir.path, options: RunOptions(nonInteractive: true, dryRun: dryRun), docker: docker)
        }

        /// The `gateway` object of the written file.
        func writtenGateway() throws -> JSONObject {
            let data = try #require(FileManager.default.contents(atPath: configFile))
            let root = try #require(try JSONValue.parse(data).objectValue)
            return try #require(root["gateway"]?.objectValue)
        }

        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
    }

    @Test func aFreshInstallGetsTheWholeTrustedProxyConfigBeforeTheGatewayStarts() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let report = await Runner([step]).run(f.context())
        #expect(report.steps[0].outcome == .changed([
            "write openclaw-data/config/.openclaw/openclaw.json before the gateway's first start: "
                + "trusted-proxy auth for pomerium at 172.30.0.10, Control UI origin \(GatewayHarness.origin)",
        ]))
        #expect(try f.writtenGateway() == GatewayHarness.converged().filter { $0.key != "reload" })
        // No secret in it; readable by the gateway's user inside a folder only its owner enters.
        #expect(try f.mode(f.configFile) == 0o644)
        #expect(try f.mode((f.configFile as NSString).deletingLastPathComponent) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: (f.configFile as NSString).deletingLastPathComponent)
            == ["openclaw.json"])
        #expect(InstallState.read(f.install).openclawOrigins == [GatewayHarness.origin])
        #expect(f.docker.openclawInvocations == 0)
    }

    /// What the step writes is what the trusted-proxy step converges to: its check then costs
    /// one OpenClaw read and writes nothing.
    @Test func theTrustedProxyStepFindsTheWrittenConfigInPlaceInOneRead() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        _ = await Runner([step]).run(f.context())
        let h = GatewayHarness(gateway: try f.writtenGateway())
        let report = await Runner([TrustedProxyStep()]).run(h.context(f.dir))
        #expect(report.steps[0].outcome == .alreadyDone("trusted-proxy via 172.30.0.10"))
        #expect(h.docker.openclawInvocations == 1)
        #expect(h.gateway.writes == 0)
    }

    @Test func thePomeriumAddressComesFromDotEnv() async throws {
        let f = try Fixture(env: ["POMCLAW_SUBNET=10.77.0.0/16", "POMCLAW_POMERIUM_IP=10.77.0.9"])
        defer { f.dir.remove() }
        _ = await Runner([step]).run(f.context())
        #expect(try f.writtenGateway()["trustedProxies"] == ["10.77.0.9"])
    }

    /// As compose reads `${POMCLAW_POMERIUM_IP:-172.30.0.10}`: empty means the default.
    @Test func anEmptyAddressMeansComposesDefault() async throws {
        let f = try Fixture(env: ["POMCLAW_POMERIUM_IP="])
        defer { f.dir.remove() }
        _ = await Runner([step]).run(f.context())
        #expect(try f.writtenGateway()["trustedProxies"] == ["172.30.0.10"])
    }

    @Test func anAddressThatIsNotIPv4WritesNothing() async throws {
        let f = try Fixture(env: ["POMCLAW_POMERIUM_IP=pomerium.local"])
        defer { f.dir.remove() }
        let report = await Runner([step]).run(f.context())
        guard case .alreadyDone(let detail) = report.steps[0].outcome else {
            Issue.record("not done: \(report.steps[0].outcome)")
            return
        }
        #expect(detail?.contains("not an IPv4 address") == true)
        #expect(!FileManager.default.fileExists(atPath: f.configFile))
    }

    /// The gateway's own file is never edited from the host: not even read, and Docker is not
    /// asked.
    @Test func anExistingConfigIsNeverTouched() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let folder = (f.configFile as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let theirs = Data("{\"gateway\":{\"mode\":\"local\",\"auth\":{\"mode\":\"token\"}}}\n".utf8)
        try theirs.write(to: URL(fileURLWithPath: f.configFile))
        let report = await Runner([step]).run(f.context())
        #expect(report.steps[0].outcome == .alreadyDone("the gateway's config exists; pomclaw changes it only through the OpenClaw CLI"))
        #expect(FileManager.default.contents(atPath: f.configFile) == theirs)
        #expect(f.docker.commands.isEmpty)
    }

    /// A running gateway without the file (someone deleted it) is left to the OpenClaw CLI.
    @Test func aRunningGatewayIsNeverWrittenUnder() async throws {
        let f = try Fixture(gateway: .init(running: true, address: "172.30.0.3"))
        defer { f.dir.remove() }
        let report = await Runner([step]).run(f.context())
        guard case .alreadyDone(let detail) = report.steps[0].outcome else {
            Issue.record("not done: \(report.steps[0].outcome)")
            return
        }
        #expect(detail?.contains("the gateway runs") == true)
        #expect(!FileManager.default.fileExists(atPath: f.configFile))
    }

    /// A stopped gateway container reads its config only when it starts: written.
    @Test func aStoppedGatewayGetsTheConfig() async throws {
        let f = try Fixture(gateway: .init(running: false, address: nil))
        defer { f.dir.remove() }
        let report = await Runner([step]).run(f.context())
        guard case .changed = report.steps[0].outcome else {
            Issue.record("not changed: \(report.steps[0].outcome)")
            return
        }
        #expect(FileManager.default.fileExists(atPath: f.configFile))
    }

    @Test func aDryRunPlansAndWritesNothing() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let report = await Runner([step]).run(f.context(dryRun: true))
        guard case .wouldChange(let plan) = report.steps[0].outcome else {
            Issue.record("not planned: \(report.steps[0].outcome)")
            return
        }
        #expect(plan.finding == .missing)
        #expect(!FileManager.default.fileExists(atPath: (f.configFile as NSString).deletingLastPathComponent))
        #expect(InstallState.read(f.install).openclawOrigins == nil)
    }

    /// A file that appears between the check and the write (the gateway started by hand) is
    /// kept as it is: the write never replaces, and leaves no temporary file behind.
    @Test func aFileThatAppearedMeanwhileIsKept() async throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        guard case .changes = try await step.check(f.context()) else {
            Issue.record("nothing to write on a fresh install")
            return
        }
        let folder = (f.configFile as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let theirs = Data("{\"gateway\":{\"mode\":\"local\"}}\n".utf8)
        try theirs.write(to: URL(fileURLWithPath: f.configFile))
        try GatewayConfigStep.create(
            GatewayConfigStep.contents(GatewayHarness.target(domain: "trusted-dog-1049.pomerium.app")), at: f.configFile)
        #expect(FileManager.default.contents(atPath: f.configFile) == theirs)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["openclaw.json"])
    }
}
