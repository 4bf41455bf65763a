import Foundation

/// Organizations, namespaces and clusters (zero-api.md §3 #2–#4, §4: DOC, bare arrays).
enum OrganizationEndpoints {
    /// `GET /organizations`: every org the token belongs to, and the one it may not read while
    /// the `forbiddenOrganization` knob is on (any request under that one answers 403, as for
    /// any organization not the token's).
    static func list(orgIds: [String], state: SimState) -> APIResponse {
        var organizations = state.organizations.filter { orgIds.contains($0.id) }
        if state.knobs.forbiddenOrganization { organizations.append(state.forbiddenOrganization) }
        return .ok(.array(organizations.map(\.json)))
    }

    /// `GET /organizations/{org}/namespaces`.
    static func namespaces(org: String, state: SimState) -> APIResponse {
        .ok(.array(state.namespaces.filter { $0.orgId == org }.map(\.json)))
    }

    /// `GET /organizations/{org}/clusters`.
    static func clusters(org: String, state: SimState) -> APIResponse {
        .ok(.array(state.clusters.filter { $0.orgId == org }.map(\.json)))
    }

    /// `GET /organizations/{org}/clusters/{id}`; unknown → the `unknownClusterStatus` knob.
    static func cluster(org: String, id: String, state: SimState) throws(SimError) -> APIResponse {
        .ok(try find(org: org, id: id, state: state).json)
    }

    /// The index of cluster `id` in `org`, or the knob-selected error.
    static func index(org: String, id: String, state: SimState) throws(SimError) -> Int {
        guard let index = state.clusters.firstIndex(where: { $0.id == id && $0.orgId == org }) else {
            if state.knobs.unknownClusterStatus == 404 { throw .notFound("cluster not found") }
            throw SimError(status: state.knobs.unknownClusterStatus, message: "viewer user required")
        }
        return index
    }

    private static func find(org: String, id: String, state: SimState) throws(SimError) -> ClusterRecord {
        state.clusters[try index(org: org, id: id, state: state)]
    }
}
