import CCurl
import Foundation

/// One libcurl easy handle, configured for one request, run once on the calling thread.
///
/// Not thread-safe: it is created, performed and released on the one thread that runs the
/// transfer. Only `TransferCancellation` crosses threads.
final class CurlTransfer {
    private let easy: UnsafeMutableRawPointer
    private let url: CurlURL
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var body = Data()
    private var headers = ResponseHeaderCollector()

    /// Creates an unconfigured handle for `url`.
    init(url: CurlURL) throws(HTTPTransportError) {
        guard let easy = curl_easy_init() else {
            throw .connectionFailed("libcurl could not create a transfer handle")
        }
        let size = pomclaw_curl_error_size()
        self.easy = easy
        self.url = url
        self.errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Applies the transport's policy and the request to the handle. Throws `.refused` for a
    /// method or header that cannot be sent safely; the message names the header, never its value.
    func configure(
        _ request: HTTPRequest, policy: CurlTransport, proxy: ProxySettings
    ) throws(HTTPTransportError) {
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_CURLU, pointer: UnsafeMutableRawPointer(url.handle))
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_PROXY_SSL_VERIFYPEER, 1)
        try set(CURLOPT_PROXY_SSL_VERIFYHOST, 2)
        if let caBundle = policy.caBundlePath {
            try set(CURLOPT_CAINFO, caBundle)
            try set(CURLOPT_PROXY_CAINFO, caBundle)
        }
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(policy.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(policy.timeout))
        try set(CURLOPT_USERAGENT, policy.userAgent)
        try set(CURLOPT_PROXY, proxy.proxy)
        try set(CURLOPT_NOPROXY, proxy.noProxy)
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(pomclaw_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, Self.writeBody))
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(pomclaw_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, Self.writeHeader))
        try set(CURLOPT_HEADERDATA, pointer: context)

        try configureMethodAndBody(request)
        try configureHeaders(request)
    }

    /// Runs the transfer to completion, failure, or cancellation.
    ///
    /// Uses a private multi handle so `cancellation` can wake the poll at once.
    /// Throws `CancellationError` when cancelled, else `HTTPTransportError`.
    func perform(cancellation: TransferCancellation) throws -> HTTPResponse {
        guard let multi = curl_multi_init() else {
            throw HTTPTransportError.connectionFailed("libcurl could not create a multi handle")
        }
        defer { curl_multi_cleanup(multi) }
        try checkMulti(curl_multi_add_handle(multi, easy))
        defer { curl_multi_remove_handle(multi, easy) }
        cancellation.attach(multi)
        defer { cancellation.detach() }

        var running: Int32 = 0
        while true {
            if cancellation.isCancelled { throw CancellationError() }
            try checkMulti(curl_multi_perform(multi, &running))
            if running == 0 { break }
            try checkMulti(curl_multi_poll(multi, nil, 0, 1000, nil))
        }

        var result: CURLcode?
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            if message.pointee.msg == CURLMSG_DONE { result = pomclaw_curl_msg_result(message) }
        }
        guard let result else {
            throw HTTPTransportError.connectionFailed("libcurl ended the transfer without a result")
        }
        guard result == CURLE_OK else {
            throw HTTPTransportError(curlCode: result, detail: String(cString: errorBuffer))
        }
        var status = 0
        try check(pomclaw_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headers: headers.headers, body: body)
    }

    // MARK: - Request

    private func configureMethodAndBody(_ request: HTTPRequest) throws(HTTPTransportError) {
        let method = request.method
        guard !method.isEmpty, method.utf8.allSatisfy(HTTPToken.isTokenByte) else {
            throw .refused("the HTTP method is not a valid token")
        }
        let carriesBody = ["POST", "PUT", "PATCH"].contains(method)
        if let body = request.body ?? (carriesBody ? Data() : nil) {
            try set(CURLOPT_POST, 1)
            try check(pomclaw_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // libcurl copies exactly POSTFIELDSIZE_LARGE bytes; the extra 0 only keeps the
            // pointer valid for an empty body.
            let bytes = [UInt8](body) + [0]
            let code = bytes.withUnsafeBufferPointer {
                pomclaw_curl_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
            }
            try check(code)
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "GET" {
            try set(CURLOPT_HTTPGET, 1)
        } else if method == "HEAD" {
            try set(CURLOPT_NOBODY, 1)
        } else {
            try set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    private func configureHeaders(_ request: HTTPRequest) throws(HTTPTransportError) {
        var lines: [String] = []
        for header in request.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(HTTPToken.isTokenByte) else {
                throw .refused("a request header name is not a valid token")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .refused("the value of request header \(header.name) contains a line break")
            }
            // "Name;" is libcurl's spelling of a header with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        let names = Set(request.headers.map { $0.name.lowercased() })
        // No "Expect: 100-continue" round trip before the body.
        if !names.contains("expect") { lines.append("Expect:") }
        // A body without a declared type must not be labelled as a form by libcurl.
        if !names.contains("content-type") { lines.append("Content-Type:") }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw .connectionFailed("libcurl could not allocate the request headers")
            }
            headerList = list
        }
        try check(pomclaw_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    // MARK: - Callbacks

    private static let writeBody: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context, length > 0 else { return length }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
        return length
    }

    private static let writeHeader: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context, length > 0 else { return length }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        transfer.headers.take(line: line)
        return length
    }

    // MARK: - Plumbing

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPTransportError) {
        try check(pomclaw_curl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPTransportError) {
        try check(pomclaw_curl_easy_setopt_string(easy, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws(HTTPTransportError) {
        try check(pomclaw_curl_easy_setopt_pointer(easy, option, pointer))
    }

    private func check(_ code: CURLcode) throws(HTTPTransportError) {
        guard code == CURLE_OK else {
            throw .connectionFailed("libcurl rejected the transfer setup: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func checkMulti(_ code: CURLMcode) throws(HTTPTransportError) {
        guard code == CURLM_OK else {
            throw .connectionFailed("libcurl transfer failed: \(String(cString: curl_multi_strerror(code)))")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        // 0 would mean "no timeout" to libcurl.
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
