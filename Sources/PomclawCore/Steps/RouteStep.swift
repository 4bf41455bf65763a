/// One OpenClaw route (SSH or web): created if missing (matched by `from`); if present with
/// drifted managed fields, updated with a body of the writable fields that keeps what the
/// Console set in them (other policies, other headers).
public struct RouteStep: Step {
    public let id: String
    public let title: String
    let spec: @Sendable (Context) -> RouteSpec

    public static let ssh = RouteStep(kind: .ssh) { _ in .ssh }
    public static let web = RouteStep(kind: .web) { context in
        .web(domain: context.settings.clusterDomain, openclaw: OpenClawCapabilities(version: context.settings.openclawVersion))
    }

    init(kind: RouteSpec.Kind, spec: @escaping @Sendable (Context) -> RouteSpec) {
        id = "zero-route-\(kind.rawValue)"
        title = "Pomerium Zero \(kind == .ssh ? "SSH" : "web") route"
        self.spec = spec
    }

    public func check(_ context: Context) async throws -> CheckResult {
        let spec = spec(context)
        let session = context.zeroSession
        let policyID = try await Self.policyID(in: session)
        guard let route = try await Self.find(spec, in: session) else {
            return .changes(Plan(["create route \(spec.from) → \(spec.to)"
                + (policyID == nil ? " (with the policy the policy step creates)" : "")], finding: .missing))
        }
        let drift = RouteDrift(route: route, spec: spec, policyID: policyID)
        guard !drift.changes.isEmpty else {
            return .done("\(spec.from) → \(spec.to)")
        }
        var changes = drift.changes.map { "route \(spec.from): \($0)" }
        if !route.unwrittenFields.isEmpty {
            changes.append("route \(spec.from): the update does not carry \(route.unwrittenFields.joined(separator: ", ")) "
                + "(not among the fields pomclaw writes); check them in the Pomerium Zero console afterwards")
        }
        return .changes(Plan(changes))
    }

    public func apply(_ context: Context) async throws {
        let spec = spec(context)
        let session = context.zeroSession
        let cluster = try await session.cluster()
        guard let policyID = try await Self.policyID(in: session) else {
            throw PomclawError(
                "The policy '\(ZeroDesiredState.policyName)' is missing, so the route cannot be attached to it.",
                next: "Run pomclaw install again: the policy step creates it first.")
        }
        let org = cluster.organizationID
        let api = context.zero
        if let route = try await Self.find(spec, in: session), let routeID = route.id {
            let body = route.body(for: spec, policyID: policyID, namespaceID: cluster.namespaceID)
            let stored = try await api.updateRoute(organizationID: org, id: routeID, body: body)
            await session.adopt(route: stored)
        } else {
            let body = ZeroRoute([:]).body(for: spec, policyID: policyID, namespaceID: cluster.namespaceID)
            let stored = try await session.createAdopting(
                what: "route \(spec.from)",
                list: {
                    await session.forgetRoutes()
                    return try await session.routes().map(\.fields)
                },
                matches: { RouteDrift.sameFrom(ZeroRoute($0), spec) },
                create: { try await api.createRoute(organizationID: org, body: body) })
            await session.adopt(route: stored)
        }
        // The server's answer stands for the read-back when it shows the change; else read.
        if case .done = try await check(context) { return }
        await session.forgetRoutes()
    }

    /// The route for `spec` (matched by `from` in the list), read whole with
    /// `GET …/routes/{id}`: a list item may be a summary.
    static func find(_ spec: RouteSpec, in session: ZeroSession) async throws -> ZeroRoute? {
        guard let listed = try await listed(spec, in: session), let id = listed.id else { return nil }
        return try await session.route(id: id)
    }

    /// The list item for `spec`, as listed (maybe a summary).
    static func listed(_ spec: RouteSpec, in session: ZeroSession) async throws -> ZeroRoute? {
        try await session.routes().first { RouteDrift.sameFrom($0, spec) }
    }

    private static func policyID(in session: ZeroSession) async throws -> String? {
        try await session.policies().first { $0.name == ZeroDesiredState.policyName }?.id
    }
}
