import Foundation

/// The real `ZeroAPI`: JSON over an `HTTPTransport`, with login, token refresh, retries and
/// scrubbed errors.
///
/// - Logs in lazily (`POST /token` with the API token) and keeps the ID token in memory only,
///   refreshing it when fewer than min(300 s, lifetime/10) remain. A 401 logs in again once
///   and replays the request once; one login at a time, shared by concurrent callers.
/// - Retries GET/PUT/PATCH/DELETE and the token exchange on timeouts, dropped connections,
///   429, 500, 502, 503 and 504 (GET also on a malformed 2xx body), as `retryPolicy` says.
///   Creates (POST) are retried only on 429; other failures throw with `isRetryable` so the
///   caller can re-list and adopt before trying again.
/// - Throws `ZeroAPIError` naming the call, status, scrubbed server message, response id,
///   attempts and the next action. Bodies, headers and tokens are never logged; `observer`
///   sees only method, path and status.
public final class ZeroClient: ZeroAPI {
    /// Sees each attempt: method, path relative to the base URL (ids and query, never
    /// secrets) and the HTTP status, or nil when no response arrived.
    public typealias Observer = @Sendable (_ method: String, _ path: String, _ status: Int?) -> Void
    /// Picks a value inside the given range; random in production, fixed in tests.
    public typealias Jitter = @Sendable (ClosedRange<Double>) -> Double

    /// The API base, e.g. `https://console.pomerium.app/api/v0`.
    public let baseURL: URL
    let apiToken: Secret
    let transport: any HTTPTransport
    let time: any Timekeeper
    let retryPolicy: ZeroRetryPolicy
    let jitter: Jitter
    let observer: Observer?
    let tokens: ZeroTokenStore

    /// - Parameters:
    ///   - baseURL: the API base; use `ZeroClient.baseURL(environment:)` to honour
    ///     `POMCLAW_ZERO_API`.
    ///   - apiToken: the API user token; sent only to `POST /token`.
    public init(
        baseURL: URL = ZeroClient.defaultBaseURL, apiToken: Secret, transport: any HTTPTransport,
        time: any Timekeeper, retryPolicy: ZeroRetryPolicy = .standard,
        jitter: @escaping Jitter = { Double.random(in: $0) }, observer: Observer? = nil
    ) {
        self.baseURL = baseURL
        self.apiToken = apiToken
        self.transport = transport
        self.time = time
        self.retryPolicy = retryPolicy
        self.jitter = jitter
        self.observer = observer
        tokens = ZeroTokenStore(time: time)
    }

    /// `GET /organizations`; items without an `id` are skipped.
    public func organizations() async throws -> [ZeroOrganization] {
        try await perform(ZeroRequest("GET", ["organizations"], kind: .read)) {
            ZeroJSON.organizations($0)
        }
    }

    /// `GET /organizations/{org}/clusters`; each cluster carries `organizationID`.
    public func clusters(organizationID: String) async throws -> [ZeroCluster] {
        let request = ZeroRequest("GET", ["organizations", organizationID, "clusters"], kind: .read)
        return try await perform(request) {
            ZeroJSON.clusters($0, organizationID: organizationID)
        }
    }

    /// `GET …/settings`; anything but a JSON object is malformed.
    public func clusterSettings(organizationID: String, clusterID: String) async throws
        -> JSONObject
    {
        let request = ZeroRequest(
            "GET", ["organizations", organizationID, "clusters", clusterID, "settings"],
            kind: .read)
        return try await perform(request) { ZeroJSON.object($0) }
    }

    /// `PATCH …/settings` with the operations as a JSON array; the answer body is ignored.
    public func patchClusterSettings(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws {
        _ = try await patchClusterSettingsAnswer(organizationID: organizationID, clusterID: clusterID, operations: operations)
    }

    /// The PATCH, and the settings document it answered with when the answer is an object.
    public func patchClusterSettingsAnswer(
        organizationID: String, clusterID: String, operations: [JSONPatchOperation]
    ) async throws -> JSONObject? {
        let body = JSONValue.array(operations.map(\.json))
        let request = ZeroRequest(
            "PATCH", ["organizations", organizationID, "clusters", clusterID, "settings"],
            body: body.encoded(), kind: .write,
            secrets: ZeroJSON.privateKeyTexts(in: body) + Self.sensitiveValues(operations))
        return try await perform(request) { data -> JSONObject?? in .some(ZeroJSON.object(data)) }
    }

    /// `GET …/policies?namespaceId=…`, keeping only items of that namespace.
    public func policies(organizationID: String, namespaceID: String) async throws -> [JSONObject] {
        try await list("policies", organizationID: organizationID, namespaceID: namespaceID)
    }

    /// `POST …/policies` without read-only fields; retried only on 429.
    public func createPolicy(organizationID: String, body: JSONObject) async throws -> JSONObject {
        try await create("policies", organizationID: organizationID, body: body)
    }

    /// `GET …/policies/{id}`.
    public func policy(organizationID: String, id: String) async throws -> JSONObject {
        try await single("policies", organizationID: organizationID, id: id)
    }

    /// `PUT …/policies/{id}` without read-only fields.
    public func updatePolicy(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    {
        try await update("policies", organizationID: organizationID, id: id, body: body)
    }

    /// `DELETE …/policies/{id}`; a 404 throws `.status(404)`.
    public func deletePolicy(organizationID: String, id: String) async throws {
        try await delete("policies", organizationID: organizationID, id: id)
    }

    /// `GET …/routes?namespaceId=…`, keeping only items of that namespace.
    public func routes(organizationID: String, namespaceID: String) async throws -> [JSONObject] {
        try await list("routes", organizationID: organizationID, namespaceID: namespaceID)
    }

    /// `POST …/routes` without read-only fields; retried only on 429.
    public func createRoute(organizationID: String, body: JSONObject) async throws -> JSONObject {
        try await create("routes", organizationID: organizationID, body: body)
    }

    /// `GET …/routes/{id}`.
    public func route(organizationID: String, id: String) async throws -> JSONObject {
        try await single("routes", organizationID: organizationID, id: id)
    }

    /// `PUT …/routes/{id}` without read-only fields.
    public func updateRoute(organizationID: String, id: String, body: JSONObject) async throws
        -> JSONObject
    {
        try await update("routes", organizationID: organizationID, id: id, body: body)
    }

    /// `DELETE …/routes/{id}`; a 404 throws `.status(404)`.
    public func deleteRoute(organizationID: String, id: String) async throws {
        try await delete("routes", organizationID: organizationID, id: id)
    }

    private func list(_ collection: String, organizationID: String, namespaceID: String)
        async throws -> [JSONObject]
    {
        let request = ZeroRequest(
            "GET", ["organizations", organizationID, collection],
            query: [("namespaceId", namespaceID)], kind: .read)
        return try await perform(request) {
            ZeroJSON.objects($0, inNamespace: namespaceID)
        }
    }

    private func single(_ collection: String, organizationID: String, id: String) async throws -> JSONObject {
        let request = ZeroRequest("GET", ["organizations", organizationID, collection, id], kind: .read)
        return try await perform(request) { ZeroJSON.object($0) }
    }

    private func create(_ collection: String, organizationID: String, body: JSONObject)
        async throws -> JSONObject
    {
        let request = ZeroRequest(
            "POST", ["organizations", organizationID, collection],
            body: ZeroJSON.writable(body), kind: .create,
            secrets: ZeroJSON.privateKeyTexts(in: .object(body)))
        return try await perform(request) { ZeroJSON.created($0) }
    }

    private func update(_ collection: String, organizationID: String, id: String, body: JSONObject)
        async throws -> JSONObject
    {
        let request = ZeroRequest(
            "PUT", ["organizations", organizationID, collection, id],
            body: ZeroJSON.writable(body), kind: .write,
            secrets: ZeroJSON.privateKeyTexts(in: .object(body)))
        return try await perform(request) { ZeroJSON.object($0) }
    }

    private func delete(_ collection: String, organizationID: String, id: String) async throws {
        let request = ZeroRequest(
            "DELETE", ["organizations", organizationID, collection, id], kind: .write)
        try await perform(request) { _ in () }
    }

    /// String values of settings operations that hold keys or secrets.
    private static func sensitiveValues(_ operations: [JSONPatchOperation]) -> [String] {
        operations.flatMap { operation -> [String] in
            let path = operation.path.lowercased()
            guard path.contains("key") || path.contains("secret"), let value = operation.value
            else { return [] }
            return Self.strings(in: value)
        }
    }

    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items): return items.flatMap(strings)
        case .object(let members): return members.values.flatMap(strings)
        case .null, .bool, .number: return []
        }
    }
}
