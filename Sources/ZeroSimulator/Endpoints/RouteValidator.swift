import Foundation

/// Validation of route bodies, shared by POST and PUT: the required fields of DOC's create
/// example, `from` and `to` as Pomerium's own `Policy.Validate` checks them (zero-api.md §7.2,
/// inferred: the Zero API is likely to reuse it), and the seven booleans (BOOT-g).
enum RouteValidator {
    /// The seven booleans every route body must carry while `requireSevenBooleans` is on.
    static let sevenBooleans = [
        "allowWebsockets", "allowSpdy", "enableGoogleCloudServerlessAuthentication", "preserveHostHeader",
        "showErrorDetails", "tlsSkipVerify", "tlsUpstreamAllowRenegotiation",
    ]
    /// Fields the server owns (DOC's create answer; `mcp` from the Terraform provider
    /// 537c092); stripped from stored bodies.
    static let readOnly = [
        "id", "createdAt", "updatedAt", "policies", "enforcedPolicyIds", "enforcedPolicies", "mcp",
    ]
    private static let fromSchemes = ["https", "http", "ssh", "tcp+https", "udp+https"]

    /// The writable fields of a valid body, or a 400 naming the offending field.
    static func validated(_ body: [String: JSON], org: String, state: SimState) throws(SimError) -> [String: JSON] {
        var stored = body
        for field in readOnly {
            stored.removeValue(forKey: field)
        }
        guard let namespaceId = body["namespaceId"]?.stringValue, !namespaceId.isEmpty else {
            throw .badRequest("namespaceId is required")
        }
        guard state.namespace(namespaceId, org: org) != nil else {
            throw .badRequest("namespaceId \(namespaceId) not found in organization")
        }
        guard body["name"]?.stringValue?.isEmpty == false else { throw .badRequest("name is required") }
        try checkFrom(body["from"])
        try checkTo(body["to"])
        try checkPolicyIds(body["policyIds"], org: org, state: state)
        for field in sevenBooleans {
            switch body[field] {
            case .bool?: continue
            case nil where !state.knobs.requireSevenBooleans: continue
            case nil: throw .badRequest("\(field) is required")
            case let other?: throw .badRequest("\(field) must be a boolean, not a \(other.typeName)")
            }
        }
        // Tri-state: unset inherits the cluster's setting (zero-api.md §7.1, Pomerium config).
        switch body["passIdentityHeaders"] {
        case nil, .bool?: break
        case .null?: stored.removeValue(forKey: "passIdentityHeaders")
        case let other?: throw .badRequest("passIdentityHeaders must be a boolean, not a \(other.typeName)")
        }
        if let headers = body["setRequestHeaders"], headers != .null {
            guard headers.objectValue?.values.allSatisfy({ $0.stringValue != nil }) ?? false else {
                throw .badRequest("setRequestHeaders must be an object of strings")
            }
        }
        return stored
    }

    private static func checkFrom(_ value: JSON?) throws(SimError) {
        guard let from = value?.stringValue, !from.isEmpty else { throw .badRequest("from is required") }
        guard let url = URLComponents(string: from), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty
        else {
            throw .badRequest("from \(from) is not a valid URL")
        }
        guard fromSchemes.contains(scheme) else {
            throw .badRequest("from \(from): unsupported scheme \(scheme)")
        }
        if scheme == "http" || scheme == "https", !(url.path.isEmpty || url.path == "/") {
            throw .badRequest("from \(from) must not contain a path")
        }
    }

    private static func checkTo(_ value: JSON?) throws(SimError) {
        guard let value else { throw .badRequest("to is required") }
        guard let list = value.arrayValue, !list.isEmpty else {
            throw .badRequest("to must be a non-empty array of URLs")
        }
        for item in list {
            guard let text = item.stringValue, let url = URLComponents(string: text),
                  url.scheme?.isEmpty == false, url.host?.isEmpty == false
            else {
                throw .badRequest("to entry \(item.text) is not a valid URL")
            }
        }
    }

    private static func checkPolicyIds(_ value: JSON?, org: String, state: SimState) throws(SimError) {
        guard let value, value != .null else { return }
        guard let list = value.arrayValue else { throw .badRequest("policyIds must be an array of strings") }
        for item in list {
            guard let id = item.stringValue else { throw .badRequest("policyIds must be an array of strings") }
            guard state.policies.contains(where: { $0.id == id && $0.orgId == org }) else {
                throw .badRequest("policy \(id) not found")
            }
        }
    }
}
