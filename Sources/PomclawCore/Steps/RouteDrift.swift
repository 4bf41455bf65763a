/// The managed fields of a route that differ from what pomclaw wants.
struct RouteDrift {
    var changes: [String] = []

    init(route: ZeroRoute, spec: RouteSpec, policyID: String?) {
        if route.to != [spec.to] {
            changes.append("to [\(route.to.joined(separator: ", "))] → [\(spec.to)]")
        }
        if let policyID, !route.attachedPolicyIDs.contains(policyID) {
            changes.append("attach policy '\(ZeroDesiredState.policyName)'")
        } else if policyID == nil {
            changes.append("attach policy '\(ZeroDesiredState.policyName)' (created by the policy step)")
        }
        if route.fields["passIdentityHeaders"]?.boolValue != true {
            changes.append("passIdentityHeaders → true")
        }
        changes += spec.headerChanges(route.requestHeaders)
        for name in ZeroDesiredState.routeBooleans where route.flag(name) != spec.wants(name) {
            changes.append("\(name) → \(spec.wants(name))")
        }
    }

    /// Whether `route` is the one for `spec`: same `from`, ignoring case and a trailing slash.
    static func sameFrom(_ route: ZeroRoute, _ spec: RouteSpec) -> Bool {
        func normal(_ text: String) -> String {
            var value = text.lowercased()
            while value.hasSuffix("/") { value.removeLast() }
            return value
        }
        guard let from = route.from else { return false }
        return normal(from) == normal(spec.from)
    }
}
