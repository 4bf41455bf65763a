import Foundation

/// Routes a request under `/api/v0` to its handler: auth first, then the org check (403
/// `viewer user required` for an organization the token may not see: the Terraform provider's
/// "the auth check fires before the existence check"), then the resource.
enum SimAPI {
    /// The path prefix every endpoint lives under.
    static let prefix = "/api/v0"

    /// Handles one request against `state`; every error is a `SimError` with its status.
    static func handle(_ request: APIRequest, state: inout SimState, now: Date) throws(SimError) -> APIResponse {
        let path = request.segments
        if path == ["token"] {
            guard request.method == "POST" else { throw .methodNotAllowed }
            return try Authenticator.exchange(request, state: &state, now: now)
        }
        guard let first = path.first, first == "organizations" else { throw .notFound("not found") }
        let orgIds = try Authenticator.authenticate(request, state: state, now: now)
        guard path.count > 1 else {
            guard request.method == "GET" else { throw .methodNotAllowed }
            return OrganizationEndpoints.list(orgIds: orgIds, state: state)
        }
        let org = path[1]
        guard orgIds.contains(org), state.organizations.contains(where: { $0.id == org }) else {
            throw .viewerRequired
        }
        let rest = Array(path.dropFirst(2))
        switch rest.first {
        case "namespaces" where rest.count == 1:
            guard request.method == "GET" else { throw .methodNotAllowed }
            return OrganizationEndpoints.namespaces(org: org, state: state)
        case "clusters":
            return try clusters(request, org: org, rest: Array(rest.dropFirst()), state: &state, now: now)
        case "policies" where rest.count <= 2:
            return try PolicyEndpoints.handle(request, org: org, id: rest.dropFirst().first, state: &state, now: now)
        case "routes" where rest.count <= 2:
            return try RouteEndpoints.handle(request, org: org, id: rest.dropFirst().first, state: &state, now: now)
        default:
            throw .notFound("not found")
        }
    }

    private static func clusters(
        _ request: APIRequest, org: String, rest: [String], state: inout SimState, now: Date
    ) throws(SimError) -> APIResponse {
        switch rest.count {
        case 0:
            guard request.method == "GET" else { throw .methodNotAllowed }
            return OrganizationEndpoints.clusters(org: org, state: state)
        case 1:
            guard request.method == "GET" else { throw .methodNotAllowed }
            return try OrganizationEndpoints.cluster(org: org, id: rest[0], state: state)
        case 2 where rest[1] == "settings":
            return try SettingsEndpoints.handle(request, org: org, clusterId: rest[0], state: &state, now: now)
        default:
            throw .notFound("not found")
        }
    }
}
