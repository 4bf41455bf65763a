/// The `namespaceId` / `includeDescendants` query of policy and route lists: BOOT sends
/// `namespaceId`, the Terraform provider adds `includeDescendants=true` (zero-api-audit.md §2
/// C6, C10).
enum ListFilter {
    /// The namespaces a list request covers in `org`; 400 when `namespaceId` is missing and the
    /// `requireNamespaceIdOnList` knob is on.
    static func namespaces(_ request: APIRequest, org: String, state: SimState) throws(SimError) -> Set<String> {
        let namespaceId = request.query.value("namespaceId").flatMap { $0.isEmpty ? nil : $0 }
        if namespaceId == nil, state.knobs.requireNamespaceIdOnList {
            throw .badRequest("namespaceId is required")
        }
        let descendants = request.query.value("includeDescendants")?.lowercased() == "true"
        return state.namespaceFilter(org: org, namespaceId: namespaceId, includeDescendants: descendants)
    }
}
