import Foundation

/// Decides whether a URL host names the local machine's loopback interface.
///
/// Only `localhost`, IPv4 addresses in 127.0.0.0/8 written as a dotted quad, and the IPv6
/// loopback address `::1` (in any spelling) count; everything else — other names, shorthand
/// IPv4 forms such as `127.1` — does not, so the answer errs towards "not loopback".
enum LoopbackHost {
    /// Whether `host` (as found in a URL; IPv6 literals may keep their brackets) is loopback.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }
        if name == "localhost" || name == "localhost." { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, name, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, name, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            return bytes == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }
}
