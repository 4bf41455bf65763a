import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the Zero API lives.
extension ZeroClient {
    /// The environment variable that overrides the API base (tests, the simulator).
    public static let baseURLVariable = "POMCLAW_ZERO_API"

    /// `https://console.pomerium.app/api/v0`.
    public static var defaultBaseURL: URL {
        URL(string: "https://console.pomerium.app/api/v0")!
    }

    /// The API base: `POMCLAW_ZERO_API` when it is set and not blank, else the default.
    ///
    /// The override must be an absolute `https://` URL without user info, query or fragment;
    /// plain `http://` is accepted only for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`),
    /// so a token never crosses a network unencrypted. Throws a `PomclawError` naming the
    /// variable and what to fix.
    public static func baseURL(environment: [String: String]) throws -> URL {
        let raw = environment[baseURLVariable]?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw, !raw.isEmpty else { return defaultBaseURL }
        let fix = "Set \(baseURLVariable) to the API base, e.g. https://console.pomerium.app/api/v0 (or http://127.0.0.1:<port>/api/v0 for a local simulator), or unset it."
        guard let components = URLComponents(string: raw), let url = components.url,
            let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw PomclawError(
                "\(baseURLVariable) is not an absolute URL with a host.", next: fix)
        }
        guard components.user == nil, components.password == nil else {
            // Do not echo the value: it holds credentials.
            throw PomclawError(
                "\(baseURLVariable) must not contain a user name or password.", next: fix)
        }
        guard components.query == nil, components.fragment == nil else {
            throw PomclawError(
                "\(baseURLVariable) (\(raw)) must not have a query or fragment.", next: fix)
        }
        switch scheme {
        case "https":
            return url
        case "http" where isLoopback(host):
            return url
        case "http":
            throw PomclawError(
                "\(baseURLVariable) (\(raw)) uses plain http:// to \(host), which is not a loopback host; the API token would cross the network unencrypted.",
                next: "Use an https:// URL in \(baseURLVariable) (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1).")
        default:
            throw PomclawError(
                "\(baseURLVariable) (\(raw)) must be an https:// URL, not \(scheme)://.", next: fix)
        }
    }

    /// `localhost`, an address in 127.0.0.0/8, or `::1` (brackets allowed).
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1
        }
        return false
    }
}
