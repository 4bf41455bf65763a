import Foundation

/// `…/clusters/{id}/settings`: GET (TF), PATCH with RFC 6902 `add` operations and
/// `application/json` (BOOT), PUT (TF) (zero-api.md §5).
enum SettingsEndpoints {
    /// Dispatches a settings request for cluster `clusterId` in `org`.
    static func handle(
        _ request: APIRequest, org: String, clusterId: String, state: inout SimState, now: Date
    ) throws(SimError) -> APIResponse {
        let index = try OrganizationEndpoints.index(org: org, id: clusterId, state: state)
        switch request.method {
        case "GET":
            break
        case "PATCH":
            try checkContentType(request, knobs: state.knobs)
            let patch = try JSONPatch(try request.jsonBody())
            try checkPaths(patch, knobs: state.knobs)
            try SettingsPatchRules.check(patch, knobs: state.knobs)
            let current = JSON.object(state.clusters[index].settings)
            guard case .object(let updated) = try patch.apply(to: current) else {
                throw .badRequest("settings must remain a JSON object")
            }
            let touched = Set(patch.operations.flatMap { [$0.path.tokens.first, $0.from?.tokens.first] }.compactMap { $0 })
            for name in touched.sorted() {
                try SettingsSchema.check(name, in: updated)
            }
            try SettingsPatchRules.checkResult(updated, knobs: state.knobs)
            state.clusters[index].settings = updated
            state.clusters[index].settingsUpdatedAt = now
        case "PUT":
            var document = try request.objectBody()
            document.removeValue(forKey: "id")
            for name in document.keys.sorted() {
                try SettingsSchema.check(name, in: document)
            }
            state.clusters[index].settings = document
            state.clusters[index].settingsUpdatedAt = now
        default:
            throw .methodNotAllowed
        }
        let cluster = state.clusters[index]
        return .ok(SettingsDisplayRules.shown(cluster.settings, id: cluster.settingsId, knobs: state.knobs))
    }

    private static func checkContentType(_ request: APIRequest, knobs: Knobs) throws(SimError) {
        let accepted = knobs.acceptJSONPatchContentType
            ? ["application/json", "application/json-patch+json"] : ["application/json"]
        guard let type = request.mediaType, accepted.contains(type) else {
            throw SimError(status: 415, message: "unsupported content type \(request.contentType ?? "(none)")")
        }
    }

    /// Rejects patches that touch `id`, and (knob) unknown top-level members.
    private static func checkPaths(_ patch: JSONPatch, knobs: Knobs) throws(SimError) {
        for operation in patch.operations {
            for pointer in [operation.path, operation.from].compactMap({ $0 }) {
                guard let top = pointer.tokens.first else {
                    if operation.op == "test" { continue }
                    throw .badRequest("\(operation.op): cannot change the whole settings document")
                }
                if top == "id", operation.op != "test" {
                    throw .badRequest("\(operation.op) \(pointer.text): id is read-only")
                }
                if knobs.rejectUnknownSettingsPaths, !SettingsSchema.isKnown(top) {
                    throw .badRequest("\(operation.op) \(pointer.text): unknown settings field \(top)")
                }
            }
        }
    }
}
