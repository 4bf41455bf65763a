import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ZeroSimulator

/// A minimal HTTP client over URLSession, one fresh session per client.
final class TestHTTP: Sendable {
    let base: URL
    private let session: URLSession

    init(base: URL, timeout: TimeInterval = 10) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 1
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends `method` to `base` + `path` (path may carry a query) with optional bearer and body.
    func send(
        _ method: String, _ path: String, token: String? = nil, authorization: String? = nil,
        body: String? = nil, contentType: String? = "application/json"
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key)] = String(describing: value)
        }
        return HTTPResult(status: http.statusCode, headers: headers, body: data)
    }

    /// Sends a JSON value as the body.
    func send(_ method: String, _ path: String, token: String?, json: JSON) async throws -> HTTPResult {
        try await send(method, path, token: token, body: json.text)
    }

    /// Exchanges an API token for an ID token; fails the caller when the exchange fails.
    func idToken(_ apiToken: String) async throws -> String {
        let result = try await send("POST", "/token", body: JSON.object(["refreshToken": .string(apiToken)]).text)
        guard result.status == 200, let token = result.json?["idToken"]?.stringValue else {
            throw URLError(.userAuthenticationRequired)
        }
        return token
    }
}
