import Foundation
import PomclawTestSupport
import Testing
import ZeroSimulator

/// A Zero API simulator running in the test process with one organization, its clusters and an
/// API token, plus an empty install directory and the two tokens in files outside it: what a
/// test needs to run the `pomclaw` binary against real HTTP on 127.0.0.1.
struct CLIFixture: Sendable {
    let sim: ZeroSimulator
    /// The first organization (the only one unless the fixture was made with more).
    let org: SimOrganization
    /// Every organization; the API token sees them all.
    let orgs: [SimOrganization]
    let clusters: [SimCluster]
    let baseURL: URL
    let apiToken: String
    let zeroToken: String
    /// The install directory (empty at first).
    let install: TemporaryDirectory
    /// Holds the token files; never the install directory.
    let secrets: TemporaryDirectory
    /// The Docker host the binary sees: a fake `docker` first on PATH.
    let docker: FakeDockerHost
    let email = "operator@example.com"

    /// A running simulator with `clusterCount` clusters, the first the oldest, spread over
    /// `organizationCount` organizations in order (the newest clusters in the last one).
    private init(
        clusterCount: Int, organizationCount: Int, domain: String, dockerSettings: [String: String], knobs: Knobs
    ) async throws {
        let sim = ZeroSimulator(knobs: knobs)
        let orgs = (0..<max(organizationCount, 1)).map { index in
            sim.addOrganization(name: index == 0 ? "Test Org" : "Test Org \(index + 1)")
        }
        self.sim = sim
        self.org = orgs[0]
        self.orgs = orgs
        var clusters: [SimCluster] = []
        for index in 0..<clusterCount {
            let owner: SimOrganization = orgs[(index * orgs.count) / max(clusterCount, 1)]
            let created = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 86_400)
            let name = domain.replacingOccurrences(of: "#", with: String(index + 1))
            clusters.append(sim.addCluster(org: owner, name: "cluster-\(index + 1)", domain: name, createdAt: created))
        }
        self.clusters = clusters
        apiToken = sim.addAPIToken(orgs: orgs)
        zeroToken = "zct-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        baseURL = try await sim.start(port: 0)
        install = try TemporaryDirectory("pomclaw-cli-install")
        secrets = try TemporaryDirectory("pomclaw-cli-secrets")
        docker = try FakeDockerHost(settings: dockerSettings)
        try Data((zeroToken + "\n").utf8).write(to: URL(fileURLWithPath: zeroTokenFile))
        try Data((apiToken + "\n").utf8).write(to: URL(fileURLWithPath: apiTokenFile))
    }

    var zeroTokenFile: String { secrets.file("zero.token") }
    var apiTokenFile: String { secrets.file("api.token") }
    var environment: [String: String] {
        docker.environment.merging(["POMCLAW_ZERO_API": baseURL.absoluteString]) { _, new in new }
    }

    /// Every input on the command line (tokens as files) plus `extra`.
    func arguments(_ extra: [String] = []) -> [String] {
        ["install", "--zero-token-file", zeroTokenFile, "--api-token-file", apiTokenFile,
         "--operator-email", email, "--cluster-domain", clusters[0].fqdn] + extra
    }

    /// Runs the binary in the install directory, stdin from /dev/null, off the test's threads
    /// (the simulator needs them while the child runs).
    func run(_ arguments: [String]) async throws -> PomclawProcess.Result {
        let environment = environment, directory = install.path
        return try await onOwnThread {
            try PomclawProcess.run(arguments, environment: environment, directory: directory, throttled: true)
        }
    }

    /// The names in the install directory.
    func installContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: install.path)
    }

    /// Fails the test when any secret appears in any of `results`' stdout or stderr: either
    /// token, an ID token the simulator issued, a line of a private key in `keys/` of the
    /// install directory (or of `installDirectory`, when the run used another), or `extra`.
    func expectNoSecrets(
        in results: [PomclawProcess.Result], installDirectory: String? = nil, extra: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var secrets = [("the cluster token", zeroToken), ("the API token", apiToken)] + extra
        secrets += sim.issuedIDTokens.map { ("an issued ID token", $0) }
        let keys = (installDirectory ?? install.path) + "/keys"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: keys)) ?? []
        for name in names where !name.hasSuffix(".pub") {
            let text = try String(contentsOfFile: keys + "/" + name, encoding: .utf8)
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            secrets += lines.filter { !$0.isEmpty }.map { ("a line of keys/\(name)", $0) }
        }
        for (index, result) in results.enumerated() {
            for (what, value) in secrets {
                #expect(!result.stdout.contains(value), "run \(index): \(what) on stdout", sourceLocation: sourceLocation)
                #expect(!result.stderr.contains(value), "run \(index): \(what) on stderr", sourceLocation: sourceLocation)
            }
        }
    }

    /// The run logs of `command` in the install directory, oldest first.
    func runLogs(_ command: String) throws -> [String] {
        let folder = install.file(".pomclaw/logs")
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix(command + "-") && $0.hasSuffix(".log") }.sorted().map { folder + "/" + $0 }
    }

    /// The newest run log of `command`: it exists, is 0600 in a 0700 folder, and holds neither
    /// token, nor an issued ID token, nor any of `extra`. Returns its text.
    @discardableResult
    func expectRunLog(
        _ command: String, without extra: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        guard let path = try runLogs(command).last else {
            Issue.record("no run log of \(command)", sourceLocation: sourceLocation)
            return ""
        }
        let mode = { (path: String) in
            ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1) & 0o777
        }
        #expect(mode(path) == 0o600, "\(path)", sourceLocation: sourceLocation)
        #expect(mode(install.file(".pomclaw/logs")) == 0o700, sourceLocation: sourceLocation)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let secrets = [("the cluster token", zeroToken), ("the API token", apiToken)] + extra
            + sim.issuedIDTokens.map { ("an issued ID token", $0) }
        for (what, value) in secrets {
            #expect(!text.contains(value), "\(what) in \(path)", sourceLocation: sourceLocation)
        }
        return text
    }

    /// Runs `body` with a fresh fixture, then stops the simulator and removes the directories,
    /// also when `body` throws.
    /// `domain` names the clusters, `#` standing for 1, 2, …; without a dot, Zero makes it
    /// `<domain>.pomerium.app`.
    /// `organizationCount` spreads the clusters over that many organizations;
    /// `dockerSettings` are variables for the fake Docker host (its latency model); `knobs`
    /// say how the simulator answers (the `observed` profile unless a test picks another).
    static func with<T>(
        clusterCount: Int = 1, organizationCount: Int = 1, domain: String = "test-cluster-#",
        dockerSettings: [String: String] = [:], knobs: Knobs = .observed, _ body: (CLIFixture) async throws -> T
    ) async throws -> T {
        let fixture = try await CLIFixture(
            clusterCount: clusterCount, organizationCount: organizationCount, domain: domain, dockerSettings: dockerSettings,
            knobs: knobs)
        do {
            let value = try await body(fixture)
            await fixture.tearDown()
            return value
        } catch {
            await fixture.tearDown()
            throw error
        }
    }

    private func tearDown() async {
        await sim.stop()
        install.remove()
        secrets.remove()
        docker.remove()
    }
}
