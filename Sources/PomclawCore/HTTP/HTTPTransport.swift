import Foundation

/// One HTTP request. `headers` keep their order and case as given.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data?

    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One HTTP response, whatever its status.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no response arrived.
public enum HTTPTransportError: Error, Sendable, Equatable {
    /// The connect or total timeout fired.
    case timedOut(String)
    /// DNS, connection refused or reset, and other network failures.
    case connectionFailed(String)
    /// The server's certificate did not verify, or the TLS handshake failed.
    case tlsFailed(String)
    /// The request was refused before sending, e.g. plain `http://` to a non-loopback host.
    case refused(String)
}

/// Sends HTTP requests. The real adaptor is libcurl; tests use fakes or a loopback server.
public protocol HTTPTransport: Sendable {
    /// Sends `request` once (no retries) and returns the response for any HTTP status.
    /// Throws `HTTPTransportError` only when no complete response arrived. Never logs bodies or
    /// header values.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
