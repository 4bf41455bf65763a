import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 exchange over a fresh TCP connection to 127.0.0.1 (`Connection: close`),
/// with no hidden retries, so a dropped connection is seen exactly as it happened.
enum RawHTTP {
    /// Why an exchange produced no HTTP response.
    enum Failure: Error, Equatable {
        case connect(Int32)
        case timedOut
        case closedWithoutResponse
        case malformedResponse
    }

    /// Sends `request` (complete bytes) to `port` and reads until the server closes.
    static func exchange(port: Int, request: Data, timeout: TimeInterval) async throws -> HTTPResult {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request, timeout: timeout) })
            }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, request: Data, timeout: TimeInterval) throws -> HTTPResult {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure.connect(errno) }
        defer { close(fd) }
        var limit = timeval()
        limit.tv_sec = .init(timeout.rounded(.down))
        limit.tv_usec = .init((timeout - timeout.rounded(.down)) * 1_000_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure.connect(errno) }
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                break
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw Failure.timedOut
            } else if errno == ECONNRESET {
                break
            } else {
                throw Failure.connect(errno)
            }
        }
        guard !received.isEmpty else { throw Failure.closedWithoutResponse }
        return try parse(received)
    }

    /// Parses a complete response read to EOF; a body shorter than Content-Length is malformed.
    private static func parse(_ data: Data) throws -> HTTPResult {
        guard let split = data.firstRange(of: Data("\r\n\r\n".utf8)) else { throw Failure.malformedResponse }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformedResponse }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Data(data[split.upperBound...])
        let declared = headers.first { $0.key.lowercased() == "content-length" }.flatMap { Int($0.value) }
        if let declared, declared != body.count { throw Failure.malformedResponse }
        return HTTPResult(status: status, headers: headers, body: body)
    }
}
