/// The Pomerium Zero management API (`/api/v0`), as pomclaw uses it.
///
/// Implementations log in on their own (token exchange, refresh before expiry, once more on a
/// 401), retry idempotent calls on 429/5xx/timeouts, and throw `ZeroAPIError` for everything
/// else. Policies and routes are JSON objects as the server sent them; `ZeroPolicy` and
/// `ZeroRoute` read them and build update bodies from their writable fields only.
public protocol ZeroAPI: Sendable {
    /// `GET /organizations`.
    func organizations() async throws -> [ZeroOrganization]
    /// `GET /organizations/{org}/clusters`.
    func clusters(organizationID: String) async throws -> [ZeroCluster]
    /// `GET …/clusters/{cluster}/settings`: the settings document as returned.
    func clusterSettings(organizationID: String, clusterID: String) async throws -> JSONObject
    /// `PATCH …/clusters/{cluster}/settings` with RFC 6902 operations. The body holds private
    /// keys: it is never logged.
    func patchClusterSettings(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws
    /// As `patchClusterSettings`, returning the settings document the server answered with
    /// (nil when the answer is not a JSON object). Callers treat it as a hint: they check it
    /// and read the settings again when it does not show the change.
    func patchClusterSettingsAnswer(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws -> JSONObject?
    /// `GET /organizations/{org}/policies?namespaceId=…`, re-filtered by `namespaceId`.
    func policies(organizationID: String, namespaceID: String) async throws -> [JSONObject]
    /// `GET /organizations/{org}/policies/{id}`: the whole policy (list items may be summaries).
    /// A policy deleted meanwhile answers 403 or 404 (`.status`).
    func policy(organizationID: String, id: String) async throws -> JSONObject
    /// `POST /organizations/{org}/policies`; returns the created object (with `id`). Not
    /// retried on 5xx or timeouts (the create may have happened): the caller re-lists first.
    func createPolicy(organizationID: String, body: JSONObject) async throws -> JSONObject
    /// `PUT /organizations/{org}/policies/{id}` with a full body.
    func updatePolicy(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    /// `DELETE /organizations/{org}/policies/{id}`.
    func deletePolicy(organizationID: String, id: String) async throws
    /// `GET /organizations/{org}/routes?namespaceId=…`, re-filtered by `namespaceId`.
    func routes(organizationID: String, namespaceID: String) async throws -> [JSONObject]
    /// `GET /organizations/{org}/routes/{id}`: the whole route (list items may be summaries).
    /// A route deleted meanwhile answers 403 or 404 (`.status`).
    func route(organizationID: String, id: String) async throws -> JSONObject
    /// `POST /organizations/{org}/routes`; same retry rule as `createPolicy`.
    func createRoute(organizationID: String, body: JSONObject) async throws -> JSONObject
    /// `PUT /organizations/{org}/routes/{id}` with a full body.
    func updateRoute(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    /// `DELETE /organizations/{org}/routes/{id}`.
    func deleteRoute(organizationID: String, id: String) async throws
}

extension ZeroAPI {
    /// Patches, and returns no answer: the caller reads the settings again.
    public func patchClusterSettingsAnswer(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws -> JSONObject? {
        try await patchClusterSettings(organizationID: organizationID, clusterID: clusterID, operations: operations)
        return nil
    }
}
