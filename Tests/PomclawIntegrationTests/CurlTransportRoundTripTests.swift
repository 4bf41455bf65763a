import Foundation
import PomclawCore
import Testing

/// CurlTransport against a real loopback HTTP server: what is sent arrives exactly, and what the
/// server answers comes back exactly.
@Suite struct CurlTransportRoundTripTests {
    let transport = CurlTransport(version: "9.8.7", environment: [:])

    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE"])
    func everyMethodRoundTripsPathQueryHeadersAndBody(method: String) async throws {
        let reply = Data(#"{"id":"bKfXBzxQnkQcXkSBxrvHfkbVZnb"}"#.utf8)
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/v0/items/42": .init(
                status: 201, headers: [("X-Response-Id", "r-1"), ("Content-Type", "application/json")],
                body: reply)
        ])
        defer { server.stop() }
        let sent = Data(#"{"name":"pomclaw","n":1}"#.utf8)

        let response = try await transport.send(
            HTTPRequest(
                method: method, url: server.url("/api/v0/items/42?filter=a%20b&x=1"),
                headers: [
                    HTTPHeader("Authorization", "Bearer t0k3n"), HTTPHeader("X-Custom", "Mixed Case Value"),
                    HTTPHeader("Content-Type", "application/json"),
                ],
                body: sent))

        #expect(response.status == 201)
        #expect(response.headers["x-response-id"] == "r-1")
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.body == reply)
        let recorded = try #require(await server.waitForRequests(1).first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == method)
        #expect(recorded.target == "/api/v0/items/42?filter=a%20b&x=1")
        #expect(recorded.values("Authorization") == ["Bearer t0k3n"])
        #expect(recorded.values("X-Custom") == ["Mixed Case Value"])
        #expect(recorded.values("Content-Type") == ["application/json"])
        #expect(recorded.body == sent)
    }

    @Test func bodiesAreBinarySafeBothWays() async throws {
        let payload = Data((0..<2_097_152).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) })
        #expect(payload.contains(0))
        let server = try await LoopbackHTTPServer.start(routes: ["/blob": .init(body: Data(payload.reversed()))])
        defer { server.stop() }

        let response = try await transport.send(
            HTTPRequest(method: "PUT", url: server.url("/blob"), body: payload))

        #expect(response.body == Data(payload.reversed()))
        let recorded = try #require(await server.waitForRequests(1).first)
        #expect(recorded.body == payload)
        #expect(recorded.values("Content-Length") == ["2097152"])
        // No "Expect: 100-continue" round trip, and no form content type libcurl made up.
        #expect(recorded.values("Expect").isEmpty)
        #expect(recorded.values("Content-Type").isEmpty)
    }

    @Test func postWithoutBodySendsAnEmptyBody() async throws {
        let server = try await LoopbackHTTPServer.start()
        defer { server.stop() }

        let response = try await transport.send(HTTPRequest(method: "POST", url: server.url("/empty")))

        #expect(response.status == 200)
        let recorded = try #require(await server.waitForRequests(1).first)
        #expect(recorded.method == "POST")
        #expect(recorded.values("Content-Length") == ["0"])
        #expect(recorded.body.isEmpty)
    }

    @Test func userAgentIsPomclawAndVersion() async throws {
        let server = try await LoopbackHTTPServer.start()
        defer { server.stop() }

        _ = try await transport.send(HTTPRequest(method: "GET", url: server.url("/")))

        #expect(try #require(await server.waitForRequests(1).first).values("User-Agent") == ["pomclaw/9.8.7"])
    }

    @Test func responseHeadersAreLowercasedLastValueWinsAndInterimHeadersDoNotLeak() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/h": .init(
                headers: [("X-Multi", "first"), ("X-Multi", "second"), ("ETag", "\"abc\"")],
                body: Data("ok".utf8), interim: true)
        ])
        defer { server.stop() }

        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/h")))

        #expect(response.status == 200)
        #expect(response.headers["x-multi"] == "second")
        #expect(response.headers["etag"] == "\"abc\"")
        #expect(response.headers["content-length"] == "2")
        #expect(response.headers["x-interim"] == nil)
        #expect(response.headers.keys.allSatisfy { $0 == $0.lowercased() })
        #expect(response.body == Data("ok".utf8))
    }

    @Test func serverErrorIsAResponseNotAnError() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/fail": .init(status: 500, body: Data("boom".utf8))])
        defer { server.stop() }

        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/fail")))

        #expect(response.status == 500)
        #expect(response.body == Data("boom".utf8))
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/old": .init(status: 302, headers: [("Location", "/new")])])
        defer { server.stop() }

        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/old")))

        #expect(response.status == 302)
        #expect(response.headers["location"] == "/new")
        #expect(await server.waitForRequests(1).map(\.target) == ["/old"])
    }

    @Test func plainHTTPToLocalhostByNameWorks() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/hi": .init(body: Data("hello".utf8))])
        defer { server.stop() }

        let response = try await transport.send(
            HTTPRequest(method: "GET", url: server.url("/hi", host: "localhost")))

        #expect(response.body == Data("hello".utf8))
        #expect(try #require(await server.waitForRequests(1).first).values("Host") == ["localhost:\(server.port)"])
    }
}
