/// Policies and routes as the endpoints answer them: the documented body, reshaped by the knobs.
extension SimState {
    /// A policy as `GET`, `POST` and `PUT` answer it.
    func answer(for policy: PolicyRecord) -> JSON {
        guard var members = json(for: policy).objectValue else { return .null }
        if knobs.showUnsetFields {
            // Terraform provider policy_resource.go `stringOrEmpty`: "the literal string
            // "null" (as returned by some API fields)".
            for field in ["description", "explanation", "remediation"] where members[field] == .string("") {
                members[field] = .string("null")
            }
        }
        if knobs.serverOnlyField { members[Knobs.serverOnlyFieldName] = .string(SimTimestamp.format(policy.updatedAt)) }
        return .object(members)
    }

    /// A route as `GET`, `POST` and `PUT` answer it.
    func answer(for route: RouteRecord) -> JSON {
        guard var members = json(for: route).objectValue else { return .null }
        if knobs.routePolicyReferences == .policiesObjectsOnly {
            members["policyIds"] = nil
        }
        if knobs.passIdentityHeadersFalseWhenUnset, members["passIdentityHeaders"] == nil {
            members["passIdentityHeaders"] = .bool(false)
        }
        if knobs.showUnsetFields {
            for field in ["prefix", "prefixRewrite", "tlsDownstreamServerName", "kubernetesServiceAccountToken"]
            where members[field] == nil {
                members[field] = .string("")
            }
        }
        if knobs.serverOnlyField { members[Knobs.serverOnlyFieldName] = .string(SimTimestamp.format(route.updatedAt)) }
        return .object(members)
    }

    /// The status and message for a policy or route id that does not exist: the
    /// `unknownObjectStatus` knob.
    func unknownObject(_ what: String) -> SimError {
        knobs.unknownObjectStatus == 404 ? .notFound("\(what) not found")
            : SimError(status: knobs.unknownObjectStatus, message: "viewer user required")
    }
}
