import Foundation
import PomclawCore
import PomclawTestSupport
import ZeroSimulator

/// A running Zero simulator with one organization, one cluster and an API token, and a way to
/// run the install's steps against it in-process: real libcurl transport, real Zero client,
/// real key files, a fake clock so retries never wait.
final class SimulatedZero: Sendable {
    let sim: ZeroSimulator
    let org: SimOrganization
    let cluster: SimCluster
    let apiToken: String
    let baseURL: URL

    static let zeroToken = "zero-cluster-token-SIMULATED-7f3a9"

    private init(sim: ZeroSimulator, org: SimOrganization, cluster: SimCluster, apiToken: String, baseURL: URL) {
        self.sim = sim
        self.org = org
        self.cluster = cluster
        self.apiToken = apiToken
        self.baseURL = baseURL
    }

    /// Starts a simulator holding `personal` with the cluster `trusted-dog-1049`, answering as
    /// `knobs` say (the `observed` profile unless a test picks another).
    static func start(knobs: Knobs = .observed, configure: (ZeroSimulator) -> Void = { _ in }) async throws -> SimulatedZero {
        let sim = ZeroSimulator(knobs: knobs)
        let org = sim.addOrganization(name: "personal")
        let cluster = sim.addCluster(org: org, name: "dog", domain: "trusted-dog-1049")
        let token = sim.addAPIToken(org: org)
        configure(sim)
        let base = try await sim.start(port: 0)
        return SimulatedZero(sim: sim, org: org, cluster: cluster, apiToken: token, baseURL: base)
    }

    func stop() async { await sim.stop() }

    struct Outcome {
        var report: RunReport
        var console: FakeConsole
        var time: FakeTimekeeper
    }

    /// A context for `directory` whose Zero client talks to the simulator: real libcurl
    /// transport, real Zero client, a fake clock so retries never wait.
    func context(
        in directory: String, email: String = "ops@example.com", domain: String? = nil,
        options: RunOptions = RunOptions(nonInteractive: true), timeout: Duration = .seconds(10)
    ) -> (context: Context, console: FakeConsole, time: FakeTimekeeper) {
        let time = FakeTimekeeper()
        let console = FakeConsole()
        let transport = CurlTransport(version: "test", connectTimeout: .seconds(2), timeout: timeout)
        let client = ZeroClient(
            baseURL: baseURL, apiToken: Secret(apiToken), transport: transport, time: time, jitter: { $0.lowerBound })
        let settings = Settings(
            zeroToken: Secret(Self.zeroToken), apiToken: Secret(apiToken),
            clusterDomain: domain ?? cluster.fqdn, operatorEmail: email)
        let context = Context(
            directory: InstallDirectory(directory), settings: settings, options: options, console: console,
            keys: CachingKeyGenerator(), zero: client, docker: FakeDocker(), time: time)
        return (context, console, time)
    }

    /// Runs the install's steps against the simulator in `directory`.
    func install(
        in directory: String, email: String = "ops@example.com", domain: String? = nil,
        options: RunOptions = RunOptions(nonInteractive: true), timeout: Duration = .seconds(10)
    ) async -> Outcome {
        let run = context(in: directory, email: email, domain: domain, options: options, timeout: timeout)
        let report = await Runner([EnvFileStep(), KeysStep()] + InstallPlan.zeroSteps).run(run.context)
        return Outcome(report: report, console: run.console, time: run.time)
    }

    /// The requests that changed something: every method but GET, except the login.
    var writes: [RecordedRequest] {
        sim.requests.filter { $0.method != "GET" && $0.path != "/api/v0/token" }
    }

    var policyCount: Int { sim.policies(org: org).count }
    var routeCount: Int { sim.routes(org: org).count }
}
