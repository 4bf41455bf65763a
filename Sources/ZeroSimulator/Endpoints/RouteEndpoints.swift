import Foundation

/// `/organizations/{org}/routes[/{id}]` (zero-api.md §3 #10–#12, §7: DOC for create and its
/// answer, BOOT for the list, the Terraform provider for GET, PUT and DELETE by id).
enum RouteEndpoints {
    /// Dispatches a route request; `id` is `nil` for the collection.
    static func handle(
        _ request: APIRequest, org: String, id: String?, state: inout SimState, now: Date
    ) throws(SimError) -> APIResponse {
        switch (request.method, id) {
        case ("GET", nil):
            let scope = try ListFilter.namespaces(request, org: org, state: state)
            let list = state.routes.filter { $0.orgId == org && scope.contains($0.namespaceId) }
            return ListRendering.answer(list.map { state.answer(for: $0) }, knobs: state.knobs)
        case ("POST", nil):
            let raw = try request.objectBody()
            try WriteRules.check(raw, isUpdate: false, readOnly: RouteValidator.readOnly, knobs: state.knobs)
            let body = try RouteValidator.validated(raw, org: org, state: state)
            try checkDuplicate(body, org: org, except: nil, state: state)
            let route = RouteRecord(id: SimID.make(), orgId: org, body: body, createdAt: now, updatedAt: now)
            state.routes.append(route)
            return .created(state.answer(for: route))
        case ("GET", let id?):
            return .ok(state.answer(for: state.routes[try index(id, org: org, state: state)]))
        case ("PUT", let id?):
            let index = try index(id, org: org, state: state)
            let raw = try request.objectBody()
            try WriteRules.check(raw, isUpdate: true, readOnly: RouteValidator.readOnly, knobs: state.knobs)
            let body = try RouteValidator.validated(raw, org: org, state: state)
            try checkDuplicate(body, org: org, except: id, state: state)
            state.routes[index].body = body
            state.routes[index].updatedAt = now
            return .ok(state.answer(for: state.routes[index]))
        case ("DELETE", let id?):
            state.routes.remove(at: try index(id, org: org, state: state))
            return .noContent
        default:
            throw .methodNotAllowed
        }
    }

    private static func index(_ id: String, org: String, state: SimState) throws(SimError) -> Int {
        guard let index = state.routes.firstIndex(where: { $0.id == id && $0.orgId == org }) else {
            throw state.unknownObject("route")
        }
        return index
    }

    /// 409 when the `rejectDuplicateFrom` knob is on and another route in the namespace has this
    /// `from` (zero-api.md §10 #6, open).
    private static func checkDuplicate(
        _ body: [String: JSON], org: String, except id: String?, state: SimState
    ) throws(SimError) {
        guard state.knobs.rejectDuplicateFrom else { return }
        let clash = state.routes.contains {
            $0.orgId == org && $0.id != id && $0.namespaceId == body["namespaceId"]?.stringValue
                && $0.body["from"] == body["from"]
        }
        if clash { throw SimError(status: 409, message: "a route with this from already exists") }
    }
}
