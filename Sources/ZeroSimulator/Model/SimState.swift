import Foundation

/// Everything the simulator holds, guarded as one unit so every request is atomic.
struct SimState {
    var knobs: Knobs
    var apiTokens: [String: APITokenRecord] = [:]
    var idTokens: [String: IDTokenRecord] = [:]
    var organizations: [OrganizationRecord] = []
    var namespaces: [NamespaceRecord] = []
    var clusters: [ClusterRecord] = []
    var policies: [PolicyRecord] = []
    var routes: [RouteRecord] = []
    var faults: [Fault] = []
    var requests: [RecordedRequest] = []
    /// The organization every token also sees while the `forbiddenOrganization` knob is on.
    var forbiddenOrganization = OrganizationRecord(
        id: SimID.make(), name: "viewer-only", organizationType: "team", role: "member",
        ownerUserId: SimID.make(), createdAt: Date(timeIntervalSince1970: 0), joinedAt: Date(timeIntervalSince1970: 0))

    /// The namespace `id` if it belongs to `orgId`.
    func namespace(_ id: String, org orgId: String) -> NamespaceRecord? {
        namespaces.first { $0.id == id && $0.orgId == orgId }
    }

    /// Namespace ids matching a list filter: `namespaceId` exactly, plus its descendants
    /// when asked; `nil` namespace means the whole org.
    func namespaceFilter(org orgId: String, namespaceId: String?, includeDescendants: Bool) -> Set<String> {
        let inOrg = namespaces.filter { $0.orgId == orgId }
        guard let namespaceId else { return Set(inOrg.map(\.id)) }
        var result: Set<String> = [namespaceId]
        guard includeDescendants else { return result }
        var grew = true
        while grew {
            grew = false
            for candidate in inOrg where !result.contains(candidate.id) {
                if let parent = candidate.parentId, result.contains(parent) {
                    result.insert(candidate.id)
                    grew = true
                }
            }
        }
        return result
    }

    /// `namespaceId` and all its ancestors.
    func ancestry(of namespaceId: String) -> Set<String> {
        var result: Set<String> = []
        var current: String? = namespaceId
        while let id = current, !result.contains(id) {
            result.insert(id)
            current = namespaces.first { $0.id == id }?.parentId
        }
        return result
    }

    /// Enforced policies that apply to a route in `namespaceId`.
    func enforcedPolicies(forNamespace namespaceId: String, org orgId: String) -> [PolicyRecord] {
        let scope = ancestry(of: namespaceId)
        return policies.filter { $0.orgId == orgId && $0.enforced && scope.contains($0.namespaceId) }
    }

    /// The documented body of a policy (zero-api.md §6.1, DOC), with `routes` and
    /// `enforcedRoutes` computed from the routes. Endpoints answer `answer(for:)`.
    func json(for policy: PolicyRecord) -> JSON {
        let attached = routes.filter { $0.orgId == policy.orgId && $0.policyIds.contains(policy.id) }
        let enforcedOn = policy.enforced
            ? routes.filter { $0.orgId == policy.orgId && ancestry(of: $0.namespaceId).contains(policy.namespaceId) }
            : []
        func refs(_ list: [RouteRecord]) -> JSON {
            .array(list.map { .object(["id": .string($0.id), "name": .string($0.name)]) })
        }
        return .object([
            "id": .string(policy.id), "namespaceId": .string(policy.namespaceId), "name": .string(policy.name),
            "ppl": policy.ppl, "enforced": .bool(policy.enforced), "description": .string(policy.description),
            "explanation": .string(policy.explanation), "remediation": .string(policy.remediation),
            "createdAt": .string(SimTimestamp.format(policy.createdAt)),
            "updatedAt": .string(SimTimestamp.format(policy.updatedAt)),
            "routes": refs(attached), "enforcedRoutes": refs(enforcedOn),
        ])
    }

    /// The documented body of a route (zero-api.md §7.1, DOC): its writable fields plus id,
    /// timestamps, policy references and `mcp` (Terraform provider route_resource.go: null when
    /// not configured). Endpoints answer `answer(for:)`.
    func json(for route: RouteRecord) -> JSON {
        var members = route.body
        members["id"] = .string(route.id)
        members["createdAt"] = .string(SimTimestamp.format(route.createdAt))
        members["updatedAt"] = .string(SimTimestamp.format(route.updatedAt))
        let attached = route.policyIds.compactMap { id in policies.first { $0.id == id } }
        members["policies"] = .array(attached.map { .object(["id": .string($0.id), "name": .string($0.name)]) })
        let enforced = enforcedPolicies(forNamespace: route.namespaceId, org: route.orgId)
        members["enforcedPolicyIds"] = .array(enforced.map { .string($0.id) })
        members["enforcedPolicies"] = .array(enforced.map { .object(["id": .string($0.id), "name": .string($0.name)]) })
        members["mcp"] = JSON.null
        return .object(members)
    }
}
