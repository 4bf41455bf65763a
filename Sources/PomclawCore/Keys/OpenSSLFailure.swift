import CLibCrypto

/// Turns OpenSSL's error queue into a `PomclawError`. OpenSSL's reasons name algorithms and
/// functions, never key material.
enum OpenSSLFailure {
    /// An error saying OpenSSL could not `action`, with the most recent queued reason; the
    /// queue is cleared.
    static func error(_ action: String) -> PomclawError {
        let code = ERR_peek_last_error()
        var reason = ""
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reason = ": " + String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        ERR_clear_error()
        return PomclawError(
            "OpenSSL could not \(action)\(reason).",
            next: "Check that the OpenSSL 3 library (libcrypto) is installed and working, then run pomclaw again.")
    }
}
