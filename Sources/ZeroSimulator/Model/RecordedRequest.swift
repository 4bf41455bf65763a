/// One request as the simulator received it, for assertions.
public struct RecordedRequest: Sendable, Equatable {
    /// The HTTP method, upper case.
    public var method: String
    /// The path without the query, e.g. `/api/v0/organizations/b…/policies`.
    public var path: String
    /// The raw query string without `?`, or `nil` when there was none.
    public var query: String?
    /// Request headers by lower-cased name; `authorization` is redacted to `Bearer <redacted>`
    /// (or `<redacted>` without the scheme).
    public var headers: [String: String]
    /// The request body as text (empty when there was none).
    public var body: String
    /// The status answered, or `nil` when the connection was dropped without a response.
    public var status: Int?
    /// The injected fault actions applied to this request, in order.
    public var faults: [FaultAction]

    /// The body parsed as JSON, or `nil` when it is empty or not JSON.
    public var json: JSON? { JSON.parse(body) }

    /// The value of query parameter `name`, if present.
    public func queryValue(_ name: String) -> String? {
        QueryString(query).value(name)
    }
}
