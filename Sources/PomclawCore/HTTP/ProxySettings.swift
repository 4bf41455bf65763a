/// The proxy libcurl should use for one request, chosen from the standard environment variables.
///
/// pomclaw reads the variables itself and hands libcurl explicit `CURLOPT_PROXY` and
/// `CURLOPT_NOPROXY` values, so libcurl never consults the process environment on its own.
struct ProxySettings: Equatable {
    /// The proxy URL, or the empty string for a direct connection.
    var proxy: String
    /// The `no_proxy` list handed to libcurl (comma-separated hosts, domains, or `*`).
    var noProxy: String

    /// A direct connection, whatever the environment says.
    static let direct = ProxySettings(proxy: "", noProxy: "")

    /// Chooses the proxy for a request to `host` over `scheme` (`http` or `https`).
    ///
    /// `https` uses `https_proxy`, then `HTTPS_PROXY`; `http` uses `http_proxy`, then
    /// `HTTP_PROXY`; both fall back to `all_proxy`, then `ALL_PROXY`. `no_proxy`, else
    /// `NO_PROXY`, is passed on for libcurl to match. Empty variables count as unset. When
    /// `bypassLoopback` is true a loopback host always connects directly.
    static func select(
        scheme: String, host: String, environment: [String: String], bypassLoopback: Bool
    ) -> ProxySettings {
        if bypassLoopback, LoopbackHost.isLoopback(host) { return .direct }
        let schemeVariables =
            scheme.lowercased() == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        func first(_ names: [String]) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        guard let proxy = first(schemeVariables + ["all_proxy", "ALL_PROXY"]) else { return .direct }
        return ProxySettings(proxy: proxy, noProxy: first(["no_proxy", "NO_PROXY"]) ?? "")
    }
}
