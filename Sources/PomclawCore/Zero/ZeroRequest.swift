import Foundation

/// One call to the Zero API as the client describes it: method, unencoded path segments and
/// query, body, and which retry rules apply.
struct ZeroRequest: Sendable {
    enum Kind: Sendable {
        /// `POST /token`: no `Authorization`; a 4xx means the API token was rejected.
        case tokenExchange
        /// GET: retried on transient failures and on a malformed 2xx body.
        case read
        /// PUT, PATCH, DELETE: idempotent, retried on transient failures.
        case write
        /// POST create: retried only on 429, because anything else may have created it.
        case create
    }

    var method: String
    var segments: [String]
    var query: [(name: String, value: String)]
    var body: Data?
    var kind: Kind
    /// Strings from the body that must never be shown (private keys), scrubbed verbatim.
    var secrets: [String]

    init(
        _ method: String, _ segments: [String], query: [(name: String, value: String)] = [],
        body: Data? = nil, kind: Kind, secrets: [String] = []
    ) {
        self.method = method
        self.segments = segments
        self.query = query
        self.body = body
        self.kind = kind
        self.secrets = secrets
    }

    /// The percent-encoded path and query, relative to the base URL, e.g.
    /// `/organizations/bAbc/routes?namespaceId=bDef`.
    var path: String {
        var path = "/" + segments.map(Self.encode).joined(separator: "/")
        if !query.isEmpty {
            path += "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }
                .joined(separator: "&")
        }
        return path
    }

    /// What errors call this request, e.g. `GET /organizations/bAbc/clusters`.
    var call: String { "\(method) \(path)" }

    /// The URL of this request under `baseURL` (whose own path, e.g. `/api/v0`, is kept).
    func url(under baseURL: URL) -> URL? {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters; a segment of only dots
    /// is encoded too, so an id like `..` cannot climb the path.
    static func encode(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0 == "." }) {
            return String(repeating: "%2E", count: text.count)
        }
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
