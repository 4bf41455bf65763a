/// One OpenClaw route (SSH or web): created if missing (matched by `from`); if present with
/// drifted managed fields, updated with a full body that keeps everything else the Console set.
public struct RouteStep: Step {
    public let id: String
    public let title: String
    let spec: @Sendable (Context) -> RouteSpec

    public static let ssh = RouteStep(kind: .ssh) { _ in .ssh }
    public static let web = RouteStep(kind: .web) { .web(domain: $0.settings.clusterDomain) }

    init(kind: RouteSpec.Kind, spec: @escaping @Sendable (Context) -> RouteSpec) {
        id = "zero-route-\(kind.rawValue)"
        title = "Pomerium Zero \(kind == .ssh ? "SSH" : "web") route"
        self.spec = spec
    }

    public func check(_ context: Context) async throws -> CheckResult {
        let spec = spec(context)
        let session = context.zeroSession
        let policyID = try await PolicyStep.find(in: session)?["id"]?.stringValue
        guard let route = try await Self.find(spec, in: session) else {
            return .changes(Plan(["create route \(spec.from) → \(spec.to)"
                + (policyID == nil ? " (with the policy the policy step creates)" : "")], finding: .missing))
        }
        let drift = RouteDrift(route: route, spec: spec, policyID: policyID)
        guard !drift.changes.isEmpty else {
            return .done("\(spec.from) → \(spec.to)")
        }
        return .changes(Plan(drift.changes.map { "route \(spec.from): \($0)" }))
    }

    public func apply(_ context: Context) async throws {
        let spec = spec(context)
        let session = context.zeroSession
        let cluster = try await session.cluster()
        guard let policyID = try await PolicyStep.find(in: session)?["id"]?.stringValue else {
            throw PomclawError(
                "The policy '\(ZeroDesiredState.policyName)' is missing, so the route cannot be attached to it.",
                next: "Run pomclaw install again: the policy step creates it first.")
        }
        let org = cluster.organizationID
        let api = context.zero
        if let route = try await Self.find(spec, in: session), let routeID = route["id"]?.stringValue {
            let body = RouteDrift.repaired(route, spec: spec, policyID: policyID)
            let stored = try await api.updateRoute(organizationID: org, id: routeID, body: body)
            await session.adopt(route: stored)
        } else {
            let skeleton: JSONObject = [
                "namespaceId": .string(cluster.namespaceID), "name": .string(spec.name), "from": .string(spec.from),
            ]
            let body = RouteDrift.repaired(skeleton, spec: spec, policyID: policyID)
            let stored = try await session.createAdopting(
                what: "route \(spec.from)",
                list: {
                    await session.forgetRoutes()
                    return try await session.routes()
                },
                matches: { RouteDrift.sameFrom($0, spec) },
                create: { try await api.createRoute(organizationID: org, body: body) })
            await session.adopt(route: stored)
        }
        // The server's answer stands for the read-back when it shows the change; else read.
        if case .done = try await check(context) { return }
        await session.forgetRoutes()
    }

    static func find(_ spec: RouteSpec, in session: ZeroSession) async throws -> JSONObject? {
        try await session.routes().first { RouteDrift.sameFrom($0, spec) }
    }
}

/// The managed fields of a route that differ from what pomclaw wants.
struct RouteDrift {
    var changes: [String] = []

    init(route: JSONObject, spec: RouteSpec, policyID: String?) {
        let to = route["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if to != [spec.to] {
            changes.append("to [\(to.joined(separator: ", "))] → [\(spec.to)]")
        }
        let policies = route["policyIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let policyID, !policies.contains(policyID) {
            changes.append("attach policy '\(ZeroDesiredState.policyName)'")
        } else if policyID == nil {
            changes.append("attach policy '\(ZeroDesiredState.policyName)' (created by the policy step)")
        }
        if route["passIdentityHeaders"]?.boolValue != true {
            changes.append("passIdentityHeaders → true")
        }
        let headers = route["setRequestHeaders"]?.objectValue ?? [:]
        if headers[ZeroDesiredState.scopesHeader]?.stringValue != ZeroDesiredState.scopes {
            changes.append("request header \(ZeroDesiredState.scopesHeader): \(ZeroDesiredState.scopes)")
        }
        for name in ZeroDesiredState.routeBooleans {
            let wanted = name == "allowWebsockets" && spec.allowsWebsockets
            // The API omits false values, so absent means false.
            if (route[name]?.boolValue ?? false) != wanted {
                changes.append("\(name) → \(wanted)")
            }
        }
    }

    /// `route` with every managed field set as pomclaw wants it; other fields (timeouts,
    /// extra headers and policies the Console added) kept.
    static func repaired(_ route: JSONObject, spec: RouteSpec, policyID: String) -> JSONObject {
        var body = route
        body["to"] = [.string(spec.to)]
        var policies = route["policyIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !policies.contains(policyID) { policies.append(policyID) }
        body["policyIds"] = .array(policies.map(JSONValue.string))
        body["passIdentityHeaders"] = true
        var headers = route["setRequestHeaders"]?.objectValue ?? [:]
        headers[ZeroDesiredState.scopesHeader] = .string(ZeroDesiredState.scopes)
        body["setRequestHeaders"] = .object(headers)
        for name in ZeroDesiredState.routeBooleans {
            body[name] = .bool(name == "allowWebsockets" && spec.allowsWebsockets)
        }
        return body
    }

    /// Whether `route` is the one for `spec`: same `from`, ignoring case and a trailing slash.
    static func sameFrom(_ route: JSONObject, _ spec: RouteSpec) -> Bool {
        func normal(_ text: String) -> String {
            var value = text.lowercased()
            while value.hasSuffix("/") { value.removeLast() }
            return value
        }
        guard let from = route["from"]?.stringValue else { return false }
        return normal(from) == normal(spec.from)
    }
}
