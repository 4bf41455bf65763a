import Foundation
import PomclawCore
import Testing

/// CurlTransport's failures against real loopback peers: refused connections, timeouts,
/// cancellation, and requests it must refuse to send at all.
@Suite struct CurlTransportFailureTests {
    @Test func connectionRefusedIsConnectionFailed() async throws {
        let server = try await LoopbackHTTPServer.start()
        let url = server.url("/gone")
        server.stop()
        let transport = CurlTransport(version: "1.0.0", environment: [:])

        let error = await HTTPTransportError.thrown { try await transport.send(HTTPRequest(method: "GET", url: url)) }

        #expect(error?.kind == .connectionFailed)
    }

    @Test func slowResponseTimesOutWithinBound() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/slow": .init(delay: 20)])
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", timeout: .seconds(1), environment: [:])
        let clock = ContinuousClock()
        let start = clock.now

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/slow")))
        }

        #expect(error?.kind == .timedOut)
        // Well before the server's 20 s delay ends the request; measured from the test's task,
        // whose resumption may wait for a busy concurrency pool while the whole suite runs.
        #expect(clock.now - start < .seconds(15))
    }

    @Test func unansweredConnectTimesOutAtTheConnectTimeout() async throws {
        let server = try await LoopbackHTTPServer.start(unresponsive: true)
        defer { server.stop() }
        let transport = CurlTransport(
            version: "1.0.0", connectTimeout: .seconds(1), timeout: .seconds(30), environment: [:])
        let clock = ContinuousClock()
        let start = clock.now

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/")))
        }

        #expect(error?.kind == .timedOut)
        // Well before the 30 s total timeout: the connect timeout fired.
        #expect(clock.now - start < .seconds(20))
    }

    @Test func cancellingTheTaskAbortsASlowRequestPromptly() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/slow": .init(delay: 60)])
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", environment: [:])
        let url = server.url("/slow")
        let task = Task { try await transport.send(HTTPRequest(method: "GET", url: url)) }
        // The server records the request before it starts waiting: the transfer is in flight.
        #expect(await server.waitForRequests(1).count == 1)
        let clock = ContinuousClock()
        let start = clock.now

        task.cancel()
        let result = await task.result

        // Far sooner than the server (60 s) or the total timeout (30 s) would end it.
        #expect(clock.now - start < .seconds(20))
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test(arguments: ["http://example.invalid/", "http://192.0.2.1/", "http://127.0.0.1.example.invalid/"])
    func plainHTTPToANonLoopbackHostIsRefusedWithoutTraffic(address: String) async throws {
        // Every proxy variable points at a recording server: any attempt would show up there.
        let recorder = try await LoopbackHTTPServer.start()
        defer { recorder.stop() }
        let proxy = "http://127.0.0.1:\(recorder.port)"
        let transport = CurlTransport(
            version: "1.0.0",
            environment: ["http_proxy": proxy, "HTTP_PROXY": proxy, "all_proxy": proxy, "ALL_PROXY": proxy],
            proxyBypassesLoopback: false)

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: URL(string: address)!))
        }

        #expect(error?.kind == .refused)
        #expect(recorder.requests.isEmpty)
    }

    @Test func otherSchemesAreRefused() async throws {
        let transport = CurlTransport(version: "1.0.0", environment: [:])

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: URL(string: "ftp://127.0.0.1/file")!))
        }

        #expect(error?.kind == .refused)
    }

    @Test func headerValueWithLineBreakIsRefusedWithoutRevealingIt() async throws {
        let server = try await LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", environment: [:])

        let error = await HTTPTransportError.thrown {
            try await transport.send(
                HTTPRequest(
                    method: "GET", url: server.url("/"),
                    headers: [HTTPHeader("Authorization", "Bearer s3cr3t\r\nX-Injected: 1")]))
        }

        #expect(error?.kind == .refused)
        #expect(error?.message.contains("s3cr3t") == false)
        #expect(server.requests.isEmpty)
    }

    @Test func methodThatIsNotATokenIsRefused() async throws {
        let server = try await LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", environment: [:])

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET / HTTP/1.0\r\n", url: server.url("/")))
        }

        #expect(error?.kind == .refused)
        #expect(server.requests.isEmpty)
    }
}
