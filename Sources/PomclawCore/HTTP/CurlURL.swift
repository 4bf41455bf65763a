import CCurl
import Foundation

/// A URL parsed by libcurl's own parser, so the scheme and host pomclaw checks are exactly the
/// ones libcurl connects to (the handle is given to the transfer with `CURLOPT_CURLU`).
final class CurlURL {
    /// The `CURLU` handle; owned, freed on deinit.
    let handle: OpaquePointer
    /// The scheme, lowercased by libcurl (`http` or `https` once accepted).
    let scheme: String
    /// The host name or address; IPv6 literals keep their brackets.
    let host: String

    /// Parses `url`. Throws `.refused` when libcurl cannot parse it or it has no host.
    /// Error messages never repeat the URL: its user-info or query could hold a secret.
    init(_ url: URL) throws(HTTPTransportError) {
        guard let handle = curl_url() else {
            throw .connectionFailed("libcurl could not allocate a URL handle")
        }
        let parsed = curl_url_set(handle, CURLUPART_URL, url.absoluteString, 0)
        guard parsed == CURLUE_OK,
            let scheme = Self.part(CURLUPART_SCHEME, of: handle),
            let host = Self.part(CURLUPART_HOST, of: handle), !host.isEmpty
        else {
            curl_url_cleanup(handle)
            throw .refused("the URL is not a valid http or https URL with a host")
        }
        self.handle = handle
        self.scheme = scheme.lowercased()
        self.host = host
    }

    deinit {
        curl_url_cleanup(handle)
    }

    private static func part(_ part: CURLUPart, of handle: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
