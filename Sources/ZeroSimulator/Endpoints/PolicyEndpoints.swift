import Foundation

/// `/organizations/{org}/policies[/{id}]` (zero-api.md §3 #7–#9, §6: DOC for create and its
/// answer; the Terraform provider for GET, PUT and DELETE by id).
enum PolicyEndpoints {
    /// The fields the server computes (DOC's create answer).
    private static let readOnly = ["id", "createdAt", "updatedAt", "routes", "enforcedRoutes"]

    /// Dispatches a policy request; `id` is `nil` for the collection.
    static func handle(
        _ request: APIRequest, org: String, id: String?, state: inout SimState, now: Date
    ) throws(SimError) -> APIResponse {
        switch (request.method, id) {
        case ("GET", nil):
            let scope = try ListFilter.namespaces(request, org: org, state: state)
            let list = state.policies.filter { $0.orgId == org && scope.contains($0.namespaceId) }
            return ListRendering.answer(list.map { state.answer(for: $0) }, knobs: state.knobs)
        case ("POST", nil):
            let body = try request.objectBody()
            try WriteRules.check(body, isUpdate: false, readOnly: readOnly, knobs: state.knobs)
            var policy = try validated(body, org: org, state: state, now: now)
            policy.id = SimID.make()
            state.policies.append(policy)
            return .created(state.answer(for: policy))
        case ("GET", let id?):
            return .ok(state.answer(for: state.policies[try index(id, org: org, state: state)]))
        case ("PUT", let id?):
            let index = try index(id, org: org, state: state)
            let body = try request.objectBody()
            try WriteRules.check(body, isUpdate: true, readOnly: readOnly, knobs: state.knobs)
            var policy = try validated(body, org: org, state: state, now: now)
            policy.id = id
            policy.createdAt = state.policies[index].createdAt
            state.policies[index] = policy
            return .ok(state.answer(for: policy))
        case ("DELETE", let id?):
            let index = try index(id, org: org, state: state)
            try detach(id, state: &state, now: now)
            state.policies.remove(at: index)
            return .noContent
        default:
            throw .methodNotAllowed
        }
    }

    private static func index(_ id: String, org: String, state: SimState) throws(SimError) -> Int {
        guard let index = state.policies.firstIndex(where: { $0.id == id && $0.orgId == org }) else {
            throw state.unknownObject("policy")
        }
        return index
    }

    /// Removes policy `id` from every route's `policyIds`, or refuses when the knob says so
    /// (zero-api.md §10 #7: which one the API does is unknown; detaching is the default).
    private static func detach(_ id: String, state: inout SimState, now: Date) throws(SimError) {
        let referencing = state.routes.indices.filter { state.routes[$0].policyIds.contains(id) }
        if !referencing.isEmpty, state.knobs.rejectDeletingReferencedPolicy {
            throw .badRequest("policy is referenced by \(referencing.count) route(s)")
        }
        for index in referencing {
            let remaining = state.routes[index].policyIds.filter { $0 != id }
            state.routes[index].body["policyIds"] = .array(remaining.map(JSON.string))
            state.routes[index].updatedAt = now
        }
    }

    /// Builds a policy from a POST/PUT body, or a 400 naming the offending field: `ppl` an object
    /// or array (zero-api.md §6.1, TF), `enforced` a boolean (TF sends it always).
    private static func validated(
        _ body: [String: JSON], org: String, state: SimState, now: Date
    ) throws(SimError) -> PolicyRecord {
        guard let namespaceId = body["namespaceId"]?.stringValue, !namespaceId.isEmpty else {
            throw .badRequest("namespaceId is required")
        }
        guard state.namespace(namespaceId, org: org) != nil else {
            throw .badRequest("namespaceId \(namespaceId) not found in organization")
        }
        guard let name = body["name"]?.stringValue, !name.isEmpty else { throw .badRequest("name is required") }
        guard let ppl = body["ppl"] else { throw .badRequest("ppl is required") }
        switch ppl {
        case .object, .array: break
        default: throw .badRequest("ppl must be a JSON object or array, not a \(ppl.typeName)")
        }
        guard let enforcedValue = body["enforced"] else { throw .badRequest("enforced is required") }
        guard let enforced = enforcedValue.boolValue else { throw .badRequest("enforced must be a boolean") }
        var texts: [String] = []
        for field in ["description", "explanation", "remediation"] {
            switch body[field] {
            case .string(let text)?: texts.append(text)
            case nil, .null?:
                if state.knobs.strictPolicyText { throw .badRequest("\(field) is required") }
                texts.append("")
            case let other?: throw .badRequest("\(field) must be a string, not a \(other.typeName)")
            }
        }
        return PolicyRecord(
            id: "", orgId: org, namespaceId: namespaceId, name: name, ppl: ppl, enforced: enforced,
            description: texts[0], explanation: texts[1], remediation: texts[2], createdAt: now, updatedAt: now
        )
    }
}
