import Foundation

extension ZeroSimulator {
    /// The policies of `org` in full, as the documentation shows them (all namespaces; the
    /// knobs that reshape answers do not apply).
    public func policies(org: SimOrganization) -> [JSON] {
        core.state.withLock { state in state.policies.filter { $0.orgId == org.id }.map { state.json(for: $0) } }
    }

    /// The routes of `org` in full, as the documentation shows them (all namespaces; the knobs
    /// that reshape answers do not apply).
    public func routes(org: SimOrganization) -> [JSON] {
        core.state.withLock { state in state.routes.filter { $0.orgId == org.id }.map { state.json(for: $0) } }
    }

    /// The stored settings document of `cluster`, without `id` and with zero values kept.
    public func settings(cluster: SimCluster) -> JSON {
        core.state.withLock { state in
            .object(state.clusters.first { $0.id == cluster.id }?.settings ?? [:])
        }
    }

    /// Replaces the settings document of `cluster` (a Console edit); no validation.
    public func setSettings(cluster: SimCluster, _ document: [String: JSON]) {
        let now = core.clock()
        core.state.withLock { state in
            guard let index = state.clusters.firstIndex(where: { $0.id == cluster.id }) else { return }
            state.clusters[index].settings = document.filter { $0.key != "id" }
            state.clusters[index].settingsUpdatedAt = now
        }
    }

    /// Creates a policy in `org` as `POST …/policies` would (same validation); returns its JSON.
    @discardableResult
    public func createPolicy(org: SimOrganization, _ body: JSON) throws -> JSON {
        try edit(method: "POST", ["organizations", org.id, "policies"], body)
    }

    /// Replaces policy `id` as `PUT …/policies/{id}` would (a Console edit); returns its JSON.
    @discardableResult
    public func updatePolicy(org: SimOrganization, id: String, _ body: JSON) throws -> JSON {
        try edit(method: "PUT", ["organizations", org.id, "policies", id], body)
    }

    /// Deletes policy `id` as `DELETE …/policies/{id}` would.
    public func deletePolicy(org: SimOrganization, id: String) throws {
        _ = try edit(method: "DELETE", ["organizations", org.id, "policies", id], nil)
    }

    /// Creates a route in `org` as `POST …/routes` would (same validation); returns its JSON.
    @discardableResult
    public func createRoute(org: SimOrganization, _ body: JSON) throws -> JSON {
        try edit(method: "POST", ["organizations", org.id, "routes"], body)
    }

    /// Replaces route `id` as `PUT …/routes/{id}` would (a Console edit); returns its JSON.
    @discardableResult
    public func updateRoute(org: SimOrganization, id: String, _ body: JSON) throws -> JSON {
        try edit(method: "PUT", ["organizations", org.id, "routes", id], body)
    }

    /// Deletes route `id` as `DELETE …/routes/{id}` would.
    public func deleteRoute(org: SimOrganization, id: String) throws {
        _ = try edit(method: "DELETE", ["organizations", org.id, "routes", id], nil)
    }

    /// The whole state as one JSON value for assertions and debugging: organizations with their
    /// namespaces, clusters (each with its stored `settings`), policies and routes as the API
    /// renders them. API and ID tokens are left out.
    public func dump() -> JSON {
        core.state.withLock { state in
            .object(["organizations": .array(state.organizations.map { org in
                var members = org.json.objectValue ?? [:]
                members["namespaces"] = .array(state.namespaces.filter { $0.orgId == org.id }.map(\.json))
                members["clusters"] = .array(state.clusters.filter { $0.orgId == org.id }.map { cluster in
                    var fields = cluster.json.objectValue ?? [:]
                    fields["settings"] = .object(cluster.settings)
                    return .object(fields)
                })
                members["policies"] = .array(state.policies.filter { $0.orgId == org.id }.map { state.json(for: $0) })
                members["routes"] = .array(state.routes.filter { $0.orgId == org.id }.map { state.json(for: $0) })
                return .object(members)
            })])
        }
    }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// Empties the request log.
    public func clearRequests() {
        core.state.withLock { $0.requests.removeAll() }
    }

    /// Runs an edit through the endpoint handlers without HTTP or auth, as the Console sends
    /// it: without the fields the server computes and without nulls, so a test may pass back
    /// what ``policies(org:)`` or ``routes(org:)`` returned.
    private func edit(method: String, _ segments: [String], _ body: JSON?) throws -> JSON {
        let serverFields = Set(RouteValidator.readOnly + ["routes", "enforcedRoutes", Knobs.serverOnlyFieldName])
        let sent = body.map { body -> JSON in
            guard let members = body.objectValue else { return body }
            return .object(members.filter { !serverFields.contains($0.key) && $0.value != .null })
        }
        let request = APIRequest(
            method: method, segments: segments, query: QueryString(nil), authorization: nil,
            contentType: "application/json", body: Data((sent?.text ?? "").utf8)
        )
        let now = core.clock()
        let org = segments[1]
        let id = segments.count > 3 ? segments[3] : nil
        let result = core.state.withLock { state -> Result<APIResponse, SimError> in
            do throws(SimError) {
                if segments[2] == "policies" {
                    return .success(try PolicyEndpoints.handle(request, org: org, id: id, state: &state, now: now))
                }
                return .success(try RouteEndpoints.handle(request, org: org, id: id, state: &state, now: now))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let response): return response.body ?? .null
        case .failure(let error): throw ZeroSimulatorError.rejected(status: error.status, message: error.message)
        }
    }
}
