import CCurl

/// libcurl's process-wide initialisation, done once, the first time a transfer needs it.
enum CurlGlobal {
    /// The result of the one `curl_global_init` call; Swift runs a static initialiser exactly
    /// once, thread-safely.
    private static let initResult: CURLcode = pomclaw_curl_global_init()

    /// Initialises libcurl if nothing has yet; throws if that failed.
    static func ensureInitialized() throws(HTTPTransportError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw .connectionFailed("libcurl failed to initialise: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
