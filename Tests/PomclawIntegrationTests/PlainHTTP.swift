import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain TCP socket, for requests to any IPv4 address (a
/// container on a Docker bridge included, which pomclaw's own transport rightly refuses for
/// plain `http`). One request per connection, `Connection: close`, the body read to EOF.
enum PlainHTTP {
    struct Response {
        var status: Int
        var head: String
        var body: String
    }

    /// `GET path` to `host:port` with `headers`, bounded by `timeout` seconds.
    static func get(
        host: String, port: UInt16, path: String = "/", headers: [(String, String)] = [], timeout: Int = 10
    ) throws -> Response {
        try request("GET", host: host, port: port, path: path, headers: headers, timeout: timeout)
    }

    /// `METHOD path` to `host:port` with `headers` and `body` (sent with its length), bounded by
    /// `timeout` seconds.
    static func request(
        _ method: String, host: String, port: UInt16, path: String = "/", headers: [(String, String)] = [],
        body: String? = nil, timeout: Int = 10
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw TestFailure("not an IPv4 address: \(host)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to \(host):\(port): errno \(errno)") }

        let length = body.map { ["Content-Length: \($0.utf8.count)"] } ?? []
        let lines = ["\(method) \(path) HTTP/1.1", "Host: \(host):\(port)", "Connection: close"] + length
            + headers.map { "\($0.0): \($0.1)" }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")).utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw TestFailure("send to \(host):\(port) failed: errno \(errno)") }
            sent += count
        }

        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw TestFailure("no complete answer from \(host):\(port): errno \(errno)") }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("not HTTP from \(host):\(port): \(text)") }
        let head = String(text[..<split.lowerBound])
        let statusWord = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        guard let status = Int(statusWord) else { throw TestFailure("no status line from \(host):\(port): \(head)") }
        return Response(status: status, head: head, body: String(text[split.upperBound...]))
    }
}
