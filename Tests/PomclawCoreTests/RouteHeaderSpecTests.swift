import PomclawTestSupport
import Testing

@testable import PomclawCore

/// A route's request headers are data of its `RouteSpec`: headers to set and headers to take
/// off, whatever the Console set beside them.
@Suite struct RouteHeaderSpecTests {
    /// The web route as a spec that must not send `x-openclaw-scopes`.
    static func withoutScopes(_ context: Context) -> RouteSpec {
        var spec = RouteSpec.web(domain: context.settings.clusterDomain)
        spec.setRequestHeaders = [:]
        spec.removedRequestHeaders = [ZeroDesiredState.scopesHeader]
        return spec
    }

    @Test func todaysSpecsSetTheScopesHeaderOnBothRoutes() {
        for spec in [RouteSpec.ssh, .web(domain: "example.com")] {
            #expect(spec.setRequestHeaders == ["x-openclaw-scopes": "operator.admin"])
            #expect(spec.removedRequestHeaders.isEmpty)
        }
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
