import Foundation
import ZeroSimulator

/// A minimal HTTP client for the simulator: one fresh connection per request, no retries.
struct TestHTTP: Sendable {
    let base: URL
    let timeout: TimeInterval

    /// `timeout` bounds a whole exchange. Generous by default: the full suite runs hundreds of
    /// process tests beside these on as few as 2 cores; a test about timing passes its own.
    init(base: URL, timeout: TimeInterval = 30) {
        self.base = base
        self.timeout = timeout
    }

    /// Sends `method` to `base` + `path` (path may carry a query) with optional bearer and body.
    func send(
        _ method: String, _ path: String, token: String? = nil, authorization: String? = nil,
        body: String? = nil, contentType: String? = "application/json"
    ) async throws -> HTTPResult {
        let port = base.port ?? 80
        var lines = ["\(method) \(base.path)\(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close",
                     "Accept: application/json"]
        if let token { lines.append("Authorization: Bearer \(token)") }
        if let authorization { lines.append("Authorization: \(authorization)") }
        let payload = Data((body ?? "").utf8)
        if body != nil, let contentType { lines.append("Content-Type: \(contentType)") }
        lines.append("Content-Length: \(payload.count)")
        let request = Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + payload
        return try await RawHTTP.exchange(port: port, request: request, timeout: timeout)
    }

    /// Sends a JSON value as the body.
    func send(_ method: String, _ path: String, token: String?, json: JSON) async throws -> HTTPResult {
        try await send(method, path, token: token, body: json.text)
    }

    /// Exchanges an API token for an ID token; throws when the exchange fails.
    func idToken(_ apiToken: String) async throws -> String {
        let result = try await send("POST", "/token", body: JSON.object(["refreshToken": .string(apiToken)]).text)
        guard result.status == 200, let token = result.json?["idToken"]?.stringValue else {
            throw RawHTTP.Failure.malformedResponse
        }
        return token
    }
}
