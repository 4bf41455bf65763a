import PomclawTestSupport
import Testing

@testable import PomclawCore

/// A route's request headers are data of its `RouteSpec`: headers to set and headers to take
/// off, whatever the Console set beside them.
@Suite struct RouteHeaderSpecTests {
    /// The web route for OpenClaw 2026.8.1 and later: no `x-openclaw-scopes`.
    static func withoutScopes(_ context: Context) -> RouteSpec {
        RouteSpec.web(domain: context.settings.clusterDomain, openclaw: OpenClawCapabilities(version: "2026.8.1"))
    }

    /// Up to 2026.7.1-2 the web route caps the Control UI's scopes at admin; from 2026.8.1 the
    /// header would cap every auto-approved browser to no scopes, so it goes (the SSH route,
    /// where it means nothing, keeps what the original installer set).
    @Test(arguments: [("2026.6.5", true), ("2026.7.1-2", true), ("2026.8.1", false), ("2026.9.8", false)])
    func theWebRoutesScopesHeaderFollowsTheRelease(_ version: String, _ sends: Bool) {
        let web = RouteSpec.web(domain: Settings.example.clusterDomain, openclaw: OpenClawCapabilities(version: version))
        #expect(web.setRequestHeaders == (sends ? ["x-openclaw-scopes": "operator.admin"] : [:]))
        #expect(web.removedRequestHeaders == (sends ? [] : ["x-openclaw-scopes"]))
        #expect(RouteSpec.ssh.setRequestHeaders == ["x-openclaw-scopes": "operator.admin"])
        var settings = Settings.example
        settings.openclawVersion = version
        #expect(RouteStep.web.spec(.fake(settings: settings)) == web, "the step reads the release from the settings")
    }

    @Test func aRemovedHeaderIsTakenOffWhateverItsCaseAndTheConsoleHeadersStay() async throws {
        let store = ZeroStore()
        let steps: [any Step] = [ClusterSettingsStep { _ in ZeroStepsTests.keys }, PolicyStep(), RouteStep.ssh, RouteStep.web]
        _ = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        store.state.withLock { state in
            let index = state.routes.firstIndex { $0["name"] == "openclaw-web" }!
            state.routes[index]["setRequestHeaders"] = ["X-OpenClaw-Scopes": "operator.admin", "x-team": "blue"]
        }
        let step = RouteStep(kind: .web, spec: Self.withoutScopes)
        let check = try await step.check(.fake(directory: store.directory.path, zero: store.api))
        guard case .changes(let plan) = check else {
            Issue.record("expected changes, got \(check)")
            return
        }
        #expect(plan.changes.contains { $0.hasSuffix("remove request header x-openclaw-scopes") }, "\(plan.changes)")
        let report = await Runner([step]).run(.fake(directory: store.directory.path, zero: store.api))
        #expect(report.exitCode == 0)
        let web = store.state.withLock { $0.routes.first { $0["name"] == "openclaw-web" }! }
        #expect(web["setRequestHeaders"] == ["x-team": "blue"])
        let ssh = store.state.withLock { $0.routes.first { $0["name"] == "openclaw-ssh" }! }
        #expect(ssh["setRequestHeaders"] == ["x-openclaw-scopes": "operator.admin"])
    }
}
