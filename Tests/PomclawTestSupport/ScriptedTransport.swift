import Foundation
import PomclawCore
import Synchronization
import Testing

/// An `HTTPTransport` that answers from per-endpoint queues and records every request. A
/// request with no scripted answer is recorded as a test issue and fails with
/// `UnstubbedCall`.
///
/// Endpoints are `METHOD path`, the path relative to `basePath` and still percent-encoded,
/// without the query: `GET /organizations/bOrg/routes`.
public final class ScriptedTransport: HTTPTransport, Sendable {
    /// One scripted answer.
    public enum Reply: Sendable {
        /// A response.
        case response(HTTPResponse)
        /// No response.
        case failure(HTTPTransportError)
        /// Computed when the request arrives (may suspend, e.g. on a `TestGate`).
        case handler(@Sendable (HTTPRequest) async throws -> HTTPResponse)

        /// A JSON response; `headers` are added to `Content-Type: application/json`.
        public static func json(_ status: Int, _ body: String, headers: [String: String] = [:])
            -> Reply
        {
            var all = headers
            all["content-type"] = "application/json"
            return .response(HTTPResponse(status: status, headers: all, body: Data(body.utf8)))
        }

        /// `200` with `body`.
        public static func ok(_ body: String) -> Reply { .json(200, body) }

        /// A successful token exchange.
        public static func token(_ idToken: String, expiresIn: String = "\"3600\"") -> Reply {
            .ok(#"{"idToken":"\#(idToken)","expiresInSeconds":\#(expiresIn)}"#)
        }
    }

    private struct State {
        var queues: [String: [Reply]] = [:]
        var fallbacks: [String: Reply] = [:]
        var requests: [HTTPRequest] = []
    }

    private let basePath: String
    private let state = Mutex(State())

    public init(basePath: String = "/api/v0") {
        self.basePath = basePath
    }

    /// Queues `replies` for `method path`, answered in order, once each.
    public func on(_ method: String, _ path: String, _ replies: Reply...) {
        state.withLock { $0.queues["\(method) \(path)", default: []].append(contentsOf: replies) }
    }

    /// Answers `method path` with `reply` whenever its queue is empty.
    public func always(_ method: String, _ path: String, _ reply: Reply) {
        state.withLock { $0.fallbacks["\(method) \(path)"] = reply }
    }

    /// Every request so far, in order.
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// The requests sent to `method path`.
    public func requests(_ method: String, _ path: String) -> [HTTPRequest] {
        requests.filter { endpoint(of: $0) == "\(method) \(path)" }
    }

    /// How many requests went to `method path`.
    public func count(_ method: String, _ path: String) -> Int {
        requests(method, path).count
    }

    /// `METHOD path` of every request, in order.
    public var endpoints: [String] { requests.map(endpoint(of:)) }

    /// Queued replies nobody asked for, as `METHOD path` (one entry per reply).
    public var unused: [String] {
        state.withLock { state in
            state.queues.sorted { $0.key < $1.key }.flatMap { key, replies in
                replies.map { _ in key }
            }
        }
    }

    /// The percent-encoded path (relative to the base) and query of `request`.
    public func pathAndQuery(of request: HTTPRequest) -> String {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? ""
        if path.hasPrefix(basePath) { path.removeFirst(basePath.count) }
        if let query = components?.percentEncodedQuery { path += "?" + query }
        return path
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = endpoint(of: request)
        let reply = state.withLock { state -> Reply? in
            state.requests.append(request)
            if var queue = state.queues[key], !queue.isEmpty {
                let first = queue.removeFirst()
                state.queues[key] = queue
                return first
            }
            return state.fallbacks[key]
        }
        switch reply {
        case .response(let response)?:
            return response
        case .failure(let failure)?:
            throw failure
        case .handler(let handler)?:
            return try await handler(request)
        case nil:
            Issue.record("ScriptedTransport: unexpected request \(key)")
            throw UnstubbedCall(name: "HTTPTransport.send(\(key))")
        }
    }

    private func endpoint(of request: HTTPRequest) -> String {
        let path = pathAndQuery(of: request)
        let withoutQuery = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        return "\(request.method) \(withoutQuery)"
    }
}

extension HTTPRequest {
    /// The value of header `name` (case-insensitive), if sent.
    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body parsed as JSON, if there is one.
    public var jsonBody: JSONValue? {
        body.flatMap { try? JSONValue.parse($0) }
    }
}
