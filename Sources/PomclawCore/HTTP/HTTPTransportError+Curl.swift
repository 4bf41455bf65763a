import CCurl

extension HTTPTransportError {
    /// Maps a failed libcurl transfer to a transport error: timeouts to `.timedOut`, TLS and
    /// certificate failures to `.tlsFailed`, everything else to `.connectionFailed`.
    ///
    /// `detail` is libcurl's error buffer (it names hosts and reasons, never header values or
    /// bodies); when empty, libcurl's generic text for `code` is used.
    init(curlCode code: CURLcode, detail: String) {
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let message = "\(reason) (curl error \(code.rawValue))"
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            self = .tlsFailed(message)
        default:
            self = .connectionFailed(message)
        }
    }
}
