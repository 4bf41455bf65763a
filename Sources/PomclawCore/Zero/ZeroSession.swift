/// One run's view of the user's Pomerium Zero cluster: finds the cluster once, reads settings,
/// policies and routes once each (concurrently, as soon as the cluster is known), and forgets a
/// cached read when a write may have changed it, so a check after an apply sees fresh state.
public actor ZeroSession {
    public nonisolated let api: any ZeroAPI
    /// The normalised cluster domain being installed to.
    public nonisolated let domain: String
    private let time: any Timekeeper
    private var clusterTask: Task<ZeroCluster, any Error>?
    /// The cached reads, as JSON: settings as an object, policies and routes as arrays.
    private var reads: [Read: Task<JSONValue, any Error>] = [:]
    /// The cached single-object reads, by kind and id.
    private var details: [Detail: Task<JSONObject, any Error>] = [:]

    private var prefetched = false

    private enum Read: Hashable { case settings, policies, routes }

    private struct Detail: Hashable {
        var kind: Read
        var id: String
    }

    /// `knownCluster` skips the lookup when the cluster was already picked this run.
    public init(api: any ZeroAPI, domain: String, time: any Timekeeper, knownCluster: ZeroCluster? = nil) {
        self.api = api
        self.domain = domain
        self.time = time
        if let knownCluster { clusterTask = Task { knownCluster } }
    }

    /// The cluster whose fqdn matches the domain, across every organization the token sees.
    public func cluster() async throws -> ZeroCluster {
        let task = clusterTask ?? Task { [api, domain] in
            try await ZeroClusterListing.read(api).match(domain: domain)
        }
        clusterTask = task
        do {
            let cluster = try await task.value
            prefetch(cluster)
            return cluster
        } catch {
            clusterTask = nil
            throw error
        }
    }

    public func settings() async throws -> JSONObject {
        try await read(.settings).objectValue ?? [:]
    }

    /// The policies of the cluster's namespace as listed: maybe summaries (`id` and `name`).
    public func policies() async throws -> [ZeroPolicy] {
        try await read(.policies).arrayValue?.compactMap(\.objectValue).map(ZeroPolicy.init) ?? []
    }

    /// The routes of the cluster's namespace as listed: maybe summaries (`id`, `name`, `from`).
    public func routes() async throws -> [ZeroRoute] {
        try await read(.routes).arrayValue?.compactMap(\.objectValue).map(ZeroRoute.init) ?? []
    }

    /// The whole policy `id` (`GET …/policies/{id}`), read once until a write forgets it.
    public func policy(id: String) async throws -> ZeroPolicy {
        ZeroPolicy(try await detail(Detail(kind: .policies, id: id)))
    }

    /// The whole route `id` (`GET …/routes/{id}`), read once until a write forgets it.
    public func route(id: String) async throws -> ZeroRoute {
        ZeroRoute(try await detail(Detail(kind: .routes, id: id)))
    }

    public func forgetSettings() { reads[.settings] = nil }

    /// After a write that answered with the stored object: the cached list gets it (replacing
    /// the item with its id, or added) and so does the cached single read, so the check after
    /// the write needs no new read. With no cached list, or an answer without an id, the list
    /// is forgotten instead. The caller checks the result and forgets it when the answer does
    /// not look converged.
    public func adopt(policy: JSONObject) async { await adopt(policy, into: .policies) }
    /// As `adopt(policy:)`, for routes.
    public func adopt(route: JSONObject) async { await adopt(route, into: .routes) }
    /// The settings document a PATCH answered with, replacing the cached one.
    public func adopt(settings: JSONObject) { reads[.settings] = Task { .object(settings) } }

    private func adopt(_ object: JSONObject, into kind: Read) async {
        guard let id = object["id"]?.stringValue else {
            forget(kind)
            return
        }
        details[Detail(kind: kind, id: id)] = Task { object }
        guard let task = reads[kind], let list = (try? await task.value)?.arrayValue, reads[kind] == task else {
            reads[kind] = nil
            return
        }
        var items = list
        if let index = items.firstIndex(where: { $0.objectValue?["id"]?.stringValue == id }) {
            items[index] = .object(object)
        } else {
            items.append(.object(object))
        }
        let adopted = JSONValue.array(items)
        reads[kind] = Task { adopted }
    }
    public func forgetPolicies() { forget(.policies) }
    public func forgetRoutes() { forget(.routes) }

    private func forget(_ kind: Read) {
        reads[kind] = nil
        details = details.filter { $0.key.kind != kind }
    }

    /// Creates an object without ever duplicating it. When the server answered the create with
    /// an error that may still have applied it (5xx, a malformed answer), re-list and adopt a
    /// match before trying again. When no answer came at all (timeout, dropped connection), the
    /// create may still be in flight: adopt a match if there is one, else stop and let the next
    /// run adopt it, rather than risk a second object.
    public func createAdopting(
        what: String,
        list: @Sendable () async throws -> [JSONObject],
        matches: @Sendable (JSONObject) -> Bool,
        create: @Sendable () async throws -> JSONObject
    ) async throws -> JSONObject {
        var attempt = 0
        while true {
            do {
                return try await create()
            } catch let error as ZeroAPIError where error.isRetryable && attempt < 3 {
                attempt += 1
                try await time.sleep(seconds: Double(1 << attempt))
                if let existing = try await list().first(where: matches) { return existing }
                if case .transport = error.kind {
                    throw PomclawError(
                        "Creating \(what) got no answer from Pomerium Zero (\(error.call)); it may still be created.",
                        next: "Run pomclaw again in a minute: it adopts the \(what) if it was created, or creates it.")
                }
            }
        }
    }

    /// The clusters of every organization the token can see; organizations that refuse to list
    /// theirs are skipped (see `ZeroClusterListing`).
    public static func allClusters(_ api: any ZeroAPI) async throws -> [ZeroCluster] {
        try await ZeroClusterListing.read(api).clusters
    }

    private func prefetch(_ cluster: ZeroCluster) {
        guard !prefetched else { return }
        prefetched = true
        for kind in [Read.settings, .policies, .routes] { _ = start(kind, cluster) }
    }

    private func start(_ kind: Read, _ cluster: ZeroCluster) -> Task<JSONValue, any Error> {
        if let existing = reads[kind] { return existing }
        let task = Task { [api] () async throws -> JSONValue in
            let org = cluster.organizationID
            switch kind {
            case .settings:
                return .object(try await api.clusterSettings(organizationID: org, clusterID: cluster.id))
            case .policies:
                return .array(try await api.policies(organizationID: org, namespaceID: cluster.namespaceID).map(JSONValue.object))
            case .routes:
                return .array(try await api.routes(organizationID: org, namespaceID: cluster.namespaceID).map(JSONValue.object))
            }
        }
        reads[kind] = task
        return task
    }

    private func detail(_ key: Detail) async throws -> JSONObject {
        let cluster = try await cluster()
        let task = details[key] ?? Task { [api] () async throws -> JSONObject in
            if key.kind == .policies {
                return try await api.policy(organizationID: cluster.organizationID, id: key.id)
            }
            return try await api.route(organizationID: cluster.organizationID, id: key.id)
        }
        details[key] = task
        do {
            return try await task.value
        } catch {
            if details[key] == task { details[key] = nil }
            throw error
        }
    }

    private func read(_ kind: Read) async throws -> JSONValue {
        let task = start(kind, try await cluster())
        do {
            return try await task.value
        } catch {
            // A failed read is not cached: the next check reads again.
            if reads[kind] == task { reads[kind] = nil }
            throw error
        }
    }
}
