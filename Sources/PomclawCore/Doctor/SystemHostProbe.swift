import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `HostProbing`: sockets, getaddrinfo, getifaddrs and statvfs.
public struct SystemHostProbe: HostProbing {
    public init() {}

    public func bindTCP(port: Int, address: String) -> PortProbe {
        var v4 = in_addr()
        var v6 = in6_addr()
        let family: Int32
        if inet_pton(AF_INET, address, &v4) == 1 {
            family = AF_INET
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            family = AF_INET6
        } else {
            return .failed("'\(address)' is not an IP address")
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failed("socket: " + String(cString: strerror(errno))) }
        defer { close(fd) }
        // TIME_WAIT leftovers do not count as taken; a listener still does.
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let result: Int32
        if family == AF_INET {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
            socketAddress.sin_addr = v4
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
            socketAddress.sin6_addr = v6
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        if result == 0 { return .free }
        let code = errno
        if code == EADDRINUSE { return .inUse }
        return .failed(String(cString: strerror(code)))
    }

    public func resolve(_ host: String) async -> NameResolution {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.lookUp(host))
            }
        }
    }

    private static func lookUp(_ host: String) -> NameResolution {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            let text = String(cString: gai_strerror(status))
            // EAI_NODATA (-5) is glibc-only and not exported to Swift.
            return status == EAI_NONAME || status == -5 || status == EAI_FAIL ? .notFound(text) : .failed(text)
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            if let address = numeric(current.pointee.ai_addr, length: current.pointee.ai_addrlen), !addresses.contains(address) {
                addresses.append(address)
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .notFound("no address") : .addresses(addresses)
    }

    public func localAddresses() -> Set<String> {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var addresses: Set<String> = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ifa_addr {
                let family = Int32(address.pointee.sa_family)
                let length = family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
                if family == AF_INET || family == AF_INET6, let text = Self.numeric(address, length: socklen_t(length)) {
                    addresses.insert(text)
                }
            }
            entry = current.pointee.ifa_next
        }
        return addresses
    }

    public func availableBytes(atPath path: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// An address as numeric text, without an IPv6 scope (`fe80::1%eth0` → `fe80::1`).
    private static func numeric(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "%", maxSplits: 1).first.map(String.init)
    }
}
