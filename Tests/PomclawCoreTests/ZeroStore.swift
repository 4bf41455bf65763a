import PomclawCore
import PomclawTestSupport
import Synchronization

/// A minimal stateful Zero behind `FakeZeroAPI`, for step unit tests: one org, one cluster,
/// settings, policies and routes, plus a log of the write calls.
final class ZeroStore: Sendable {
    struct State {
        var settings: JSONObject = [:]
        var policies: [JSONObject] = []
        var routes: [JSONObject] = []
        var writes: [String] = []
        var patches: [[JSONPatchOperation]] = []
        var nextID = 0
    }

    static let cluster = ZeroCluster(
        id: "bCluster", name: "dog", namespaceID: "bNamespace", fqdn: "trusted-dog-1049.pomerium.app",
        createdAt: "2026-01-01T00:00:00.000000Z", organizationID: "bOrg")

    let state = Mutex(State())
    let api: FakeZeroAPI
    /// The install directory (the settings step records what it pushed there).
    let directory: TemporaryDirectory

    init() {
        // A store without a directory is a test bug; fail loudly rather than write elsewhere.
        directory = try! TemporaryDirectory("pomclaw-zero-store")
        api = FakeZeroAPI()
        api.update { [unowned self] handlers in
            handlers.organizations = { [ZeroOrganization(id: "bOrg", name: "personal")] }
            handlers.clusters = { _ in [ZeroStore.cluster] }
            handlers.clusterSettings = { _, _ in self.state.withLock { $0.settings } }
            handlers.patchClusterSettings = { _, _, operations in
                self.state.withLock { state in
                    state.writes.append("PATCH settings")
                    state.patches.append(operations)
                    for operation in operations {
                        let parts = operation.path.split(separator: "/").map(String.init)
                        if parts.count == 1 {
                            state.settings[parts[0]] = operation.value
                        } else if var object = state.settings[parts[0]]?.objectValue {
                            object[parts[1]] = operation.value
                            state.settings[parts[0]] = .object(object)
                        }
                    }
                }
            }
            handlers.policies = { _, _ in self.state.withLock { $0.policies } }
            handlers.routes = { _, _ in self.state.withLock { $0.routes } }
            handlers.policy = { _, id in try ZeroStore.single(id, in: self.state.withLock { $0.policies }) }
            handlers.route = { _, id in try ZeroStore.single(id, in: self.state.withLock { $0.routes }) }
            handlers.createPolicy = { _, body in
                self.state.withLock { state in
                    state.writes.append("POST policy")
                    let object = ZeroStore.identified(body, &state.nextID)
                    state.policies.append(object)
                    return object
                }
            }
            handlers.updatePolicy = { _, id, body in
                self.state.withLock { state in
                    state.writes.append("PUT policy \(id)")
                    return ZeroStore.replace(id, body, in: &state.policies)
                }
            }
            handlers.createRoute = { _, body in
                self.state.withLock { state in
                    state.writes.append("POST route")
                    let object = ZeroStore.identified(body, &state.nextID)
                    state.routes.append(object)
                    return object
                }
            }
            handlers.updateRoute = { _, id, body in
                self.state.withLock { state in
                    state.writes.append("PUT route \(id)")
                    return ZeroStore.replace(id, body, in: &state.routes)
                }
            }
        }
    }

    deinit { directory.remove() }

    var writes: [String] { state.withLock { $0.writes } }

    /// The object with `id`, or the 404 the API answers for an unknown id.
    static func single(_ id: String, in list: [JSONObject]) throws -> JSONObject {
        guard let object = list.first(where: { $0["id"]?.stringValue == id }) else {
            throw ZeroAPIError(call: "GET \(id)", kind: .status(404), isRetryable: false, nextAction: "re-run")
        }
        return object
    }

    private static func identified(_ body: JSONObject, _ nextID: inout Int) -> JSONObject {
        nextID += 1
        var object = body
        object["id"] = .string("bObject\(nextID)")
        return object
    }

    private static func replace(_ id: String, _ body: JSONObject, in list: inout [JSONObject]) -> JSONObject {
        var object = body
        object["id"] = .string(id)
        if let index = list.firstIndex(where: { $0["id"]?.stringValue == id }) { list[index] = object }
        return object
    }
}
