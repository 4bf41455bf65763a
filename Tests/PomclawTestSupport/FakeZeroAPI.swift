import PomclawCore
import Synchronization
import Testing

/// A `ZeroAPI` whose every method fails the test unless a handler was set for it.
public final class FakeZeroAPI: ZeroAPI, Sendable {
    public struct Handlers: Sendable {
        public var organizations: (@Sendable () async throws -> [ZeroOrganization])?
        public var clusters: (@Sendable (String) async throws -> [ZeroCluster])?
        public var clusterSettings: (@Sendable (String, String) async throws -> JSONObject)?
        public var patchClusterSettings:
            (@Sendable (String, String, [JSONPatchOperation]) async throws -> Void)?
        public var policies: (@Sendable (String, String) async throws -> [JSONObject])?
        public var policy: (@Sendable (String, String) async throws -> JSONObject)?
        public var createPolicy: (@Sendable (String, JSONObject) async throws -> JSONObject)?
        public var updatePolicy: (@Sendable (String, String, JSONObject) async throws -> JSONObject)?
        public var deletePolicy: (@Sendable (String, String) async throws -> Void)?
        public var routes: (@Sendable (String, String) async throws -> [JSONObject])?
        public var route: (@Sendable (String, String) async throws -> JSONObject)?
        public var createRoute: (@Sendable (String, JSONObject) async throws -> JSONObject)?
        public var updateRoute: (@Sendable (String, String, JSONObject) async throws -> JSONObject)?
        public var deleteRoute: (@Sendable (String, String) async throws -> Void)?
        public init() {}
    }

    private let state: Mutex<(handlers: Handlers, calls: [String])>

    public init(_ configure: (inout Handlers) -> Void = { _ in }) {
        var handlers = Handlers()
        configure(&handlers)
        state = Mutex((handlers, []))
    }

    /// The names of the methods called so far, in order.
    public var calls: [String] { state.withLock { $0.calls } }

    public func update(_ configure: (inout Handlers) -> Void) {
        state.withLock { configure(&$0.handlers) }
    }

    private func handler<H>(_ name: String, _ pick: (Handlers) -> H?) throws -> H {
        let found = state.withLock { state -> H? in
            state.calls.append(name)
            return pick(state.handlers)
        }
        guard let found else {
            Issue.record("FakeZeroAPI: unexpected call to \(name)")
            throw UnstubbedCall(name: "ZeroAPI.\(name)")
        }
        return found
    }

    public func organizations() async throws -> [ZeroOrganization] {
        try await handler("organizations", { $0.organizations })()
    }
    public func clusters(organizationID: String) async throws -> [ZeroCluster] {
        try await handler("clusters", { $0.clusters })(organizationID)
    }
    public func clusterSettings(organizationID: String, clusterID: String) async throws -> JSONObject {
        try await handler("clusterSettings", { $0.clusterSettings })(organizationID, clusterID)
    }
    public func patchClusterSettings(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws {
        try await handler("patchClusterSettings", { $0.patchClusterSettings })(
            organizationID, clusterID, operations)
    }
    public func policies(organizationID: String, namespaceID: String) async throws -> [JSONObject] {
        try await handler("policies", { $0.policies })(organizationID, namespaceID)
    }
    public func policy(organizationID: String, id: String) async throws -> JSONObject {
        try await handler("policy", { $0.policy })(organizationID, id)
    }
    public func createPolicy(organizationID: String, body: JSONObject) async throws -> JSONObject {
        try await handler("createPolicy", { $0.createPolicy })(organizationID, body)
    }
    public func updatePolicy(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    {
        try await handler("updatePolicy", { $0.updatePolicy })(organizationID, id, body)
    }
    public func deletePolicy(organizationID: String, id: String) async throws {
        try await handler("deletePolicy", { $0.deletePolicy })(organizationID, id)
    }
    public func routes(organizationID: String, namespaceID: String) async throws -> [JSONObject] {
        try await handler("routes", { $0.routes })(organizationID, namespaceID)
    }
    public func route(organizationID: String, id: String) async throws -> JSONObject {
        try await handler("route", { $0.route })(organizationID, id)
    }
    public func createRoute(organizationID: String, body: JSONObject) async throws -> JSONObject {
        try await handler("createRoute", { $0.createRoute })(organizationID, body)
    }
    public func updateRoute(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    {
        try await handler("updateRoute", { $0.updateRoute })(organizationID, id, body)
    }
    public func deleteRoute(organizationID: String, id: String) async throws {
        try await handler("deleteRoute", { $0.deleteRoute })(organizationID, id)
    }
}
