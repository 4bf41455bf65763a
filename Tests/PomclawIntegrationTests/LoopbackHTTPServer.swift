import Foundation
import PomclawTestSupport

/// The fixture `Fixtures/http_server.py`, run as a child process on 127.0.0.1.
///
/// The server prints its port, then one JSON line per request it receives; a reader thread
/// collects those lines. Call `stop()` (tests use `defer`) to end the child; deinit does too.
final class LoopbackHTTPServer: @unchecked Sendable {
    /// What the server answers on one path.
    struct Route: Encodable, Sendable {
        var status = 200
        var headers: [[String]] = []
        var bodyBase64 = ""
        var delay: Double = 0
        var interim = false

        enum CodingKeys: String, CodingKey {
            case status, headers, bodyBase64 = "body_base64", delay, interim
        }

        init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data(), delay: Double = 0, interim: Bool = false) {
            self.status = status
            self.headers = headers.map { [$0.0, $0.1] }
            self.bodyBase64 = body.base64EncodedString()
            self.delay = delay
            self.interim = interim
        }
    }

    /// One request as the server received it.
    struct Recorded: Decodable, Sendable {
        var method: String
        /// The raw request target: `/path?query`, or `http://host:port/path` via a proxy.
        var target: String
        var headers: [[String]]
        private var bodyBase64: String

        enum CodingKeys: String, CodingKey {
            case method, target, headers, bodyBase64 = "body_base64"
        }

        /// The request body, byte for byte.
        var body: Data { Data(base64Encoded: bodyBase64) ?? Data() }

        /// The values of header `name` (case-insensitive), in order.
        func values(_ name: String) -> [String] {
            headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        }
    }

    private struct PortLine: Decodable { var port: Int }

    private let child: RunningChild
    private let condition = NSCondition()
    private var reportedPort: Int?
    private var records: [Recorded] = []
    private var ended = false

    /// The port the server listens on.
    private(set) var port = 0

    /// Starts the server off the concurrency pool; see `init`.
    static func start(
        routes: [String: Route] = [:], certificate: SelfSignedCertificate? = nil, unresponsive: Bool = false
    ) async throws -> LoopbackHTTPServer {
        try await onOwnThread { try LoopbackHTTPServer(routes: routes, certificate: certificate, unresponsive: unresponsive) }
    }

    /// Starts the server and waits (bounded) for its port line. With `unresponsive`, the port
    /// never completes a TCP handshake (for connect timeouts).
    private init(routes: [String: Route] = [:], certificate: SelfSignedCertificate? = nil, unresponsive: Bool = false) throws {
        guard let script = Bundle.module.url(forResource: "http_server", withExtension: "py", subdirectory: "Fixtures") else {
            throw FixtureError("Fixtures/http_server.py is missing from the test bundle")
        }
        var arguments = ["/usr/bin/env", "python3", script.path]
        if let certificate { arguments += ["--cert", certificate.certificatePath, "--key", certificate.keyPath] }
        if unresponsive { arguments.append("--unresponsive") }
        // The routes go through stdin: bodies can be larger than a command line allows.
        child = try RunningChild(
            arguments, environment: ProcessInfo.processInfo.environment,
            stdin: try JSONEncoder().encode(routes) + Data("\n".utf8))
        let reader = child.output
        // Weak, so a server a test forgot to stop is still ended by deinit.
        Thread { [weak self] in
            Self.readLines(from: reader) { self?.take(line: $0) }
            self?.markEnded()
        }.start()

        condition.lock()
        let deadline = Date().addingTimeInterval(20)
        while reportedPort == nil, !ended, condition.wait(until: deadline) {}
        let port = reportedPort
        condition.unlock()
        guard let port else {
            stop()
            throw FixtureError("the fixture server did not report its port: \(child.errorOutput)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the child process and reaps it.
    func stop() {
        child.stop()
    }

    /// `http://127.0.0.1:<port>` + `path`.
    func url(_ path: String, scheme: String = "http", host: String = "127.0.0.1") -> URL {
        URL(string: "\(scheme)://\(host):\(port)\(path)")!
    }

    /// Every request recorded so far.
    var requests: [Recorded] {
        condition.withLock { records }
    }

    /// Waits (bounded) until at least `count` requests were recorded, and returns them all.
    /// The wait runs on its own thread, so it never holds up the Swift concurrency pool (the
    /// request being waited for may need it).
    func waitForRequests(_ count: Int, timeout: TimeInterval = 10) async -> [Recorded] {
        await withCheckedContinuation { continuation in
            Thread { [self] in
                condition.lock()
                let deadline = Date().addingTimeInterval(timeout)
                while records.count < count, !ended, condition.wait(until: deadline) {}
                let snapshot = records
                condition.unlock()
                continuation.resume(returning: snapshot)
            }.start()
        }
    }

    private static func readLines(from handle: FileHandle, each: (Data) -> Void) {
        var pending = Data()
        while true {
            var chunk = handle.availableData
            if chunk.isEmpty { return }
            // Only the new bytes are searched: a recorded body can make a line megabytes long.
            while let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                pending.append(chunk[chunk.startIndex..<newline])
                each(pending)
                pending = Data()
                chunk = chunk[chunk.index(after: newline)...]
            }
            pending.append(chunk)
        }
    }

    private func markEnded() {
        condition.withLock {
            ended = true
            condition.broadcast()
        }
    }

    private func take(line: Data) {
        condition.withLock {
            if reportedPort == nil, let first = try? JSONDecoder().decode(PortLine.self, from: line) {
                reportedPort = first.port
            } else if let record = try? JSONDecoder().decode(Recorded.self, from: line) {
                records.append(record)
            }
            condition.broadcast()
        }
    }
}
