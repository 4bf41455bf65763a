import CCurl
import Foundation

/// Sends HTTP requests with libcurl: the real `HTTPTransport`.
///
/// Policy, the same for every request:
/// - TLS peer and host verification are always on; `caBundlePath` only replaces the trusted CAs.
/// - Only `http` and `https`; plain `http` only to a loopback host (`localhost`, 127.0.0.0/8,
///   `::1`), anything else is refused before a connection is made.
/// - Redirects are returned, never followed.
/// - Proxies come from the standard variables in `environment` (`https_proxy`, `http_proxy`,
///   `all_proxy`, `no_proxy`, lowercase before uppercase); libcurl never reads the process
///   environment itself. Loopback hosts bypass the proxy unless `proxyBypassesLoopback` is false.
///
/// Each request runs on its own thread, off the Swift concurrency pool, and cancelling the
/// calling task aborts it promptly with `CancellationError`.
public struct CurlTransport: HTTPTransport {
    /// The `User-Agent` sent unless a request sets its own: `pomclaw/<version>`.
    public let userAgent: String
    /// How long connecting (including the TLS handshake) may take.
    public let connectTimeout: Duration
    /// How long a whole request may take, from start to the last byte of the response.
    public let timeout: Duration
    /// A PEM file of CA certificates to trust instead of the system's; nil for the system's.
    public let caBundlePath: String?
    /// Where proxy settings are read from.
    public let environment: [String: String]
    /// Whether requests to loopback hosts always go direct, whatever the proxy settings say.
    public let proxyBypassesLoopback: Bool

    /// Creates a transport whose requests identify as `pomclaw/<version>`.
    ///
    /// - Parameters:
    ///   - version: pomclaw's version, for the `User-Agent`.
    ///   - connectTimeout: connect timeout; 10 s by default.
    ///   - timeout: total timeout per request; 30 s by default.
    ///   - caBundlePath: CA certificates to trust instead of the system's (tests, private CAs).
    ///   - environment: proxy variables; the process environment by default.
    ///   - proxyBypassesLoopback: send loopback requests directly; true by default.
    public init(
        version: String,
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        caBundlePath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        proxyBypassesLoopback: Bool = true
    ) {
        self.userAgent = "pomclaw/\(version)"
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.caBundlePath = caBundlePath
        self.environment = environment
        self.proxyBypassesLoopback = proxyBypassesLoopback
    }

    /// Sends `request` once. Returns the response for any HTTP status; throws
    /// `HTTPTransportError` when none arrived, `CancellationError` when the task was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let cancellation = TransferCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, any Error>, Never>) in
                let thread = Thread {
                    continuation.resume(returning: Result { try self.perform(request, cancellation: cancellation) })
                }
                thread.name = "pomclaw-curl"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Runs on the transfer thread: checks the URL against the policy, then performs.
    private func perform(_ request: HTTPRequest, cancellation: TransferCancellation) throws -> HTTPResponse {
        try CurlGlobal.ensureInitialized()
        let url = try CurlURL(request.url)
        switch url.scheme {
        case "https":
            break
        case "http":
            guard LoopbackHost.isLoopback(url.host) else {
                throw HTTPTransportError.refused(
                    "plain http:// is only allowed to a loopback host, not \(url.host); use https://")
            }
        default:
            throw HTTPTransportError.refused("only http:// and https:// URLs are supported")
        }
        let proxy = ProxySettings.select(
            scheme: url.scheme, host: url.host, environment: environment,
            bypassLoopback: proxyBypassesLoopback)
        let transfer = try CurlTransfer(url: url)
        try transfer.configure(request, policy: self, proxy: proxy)
        return try transfer.perform(cancellation: cancellation)
    }
}
