import Foundation
import PomclawCore
import Testing

/// CurlTransport's proxy handling, with the environment injected. Every connection stays on
/// 127.0.0.1: the "proxy" is a second recording server, which answers proxied requests itself.
@Suite struct CurlTransportProxyTests {
    /// A target server and a proxy server, both on loopback.
    struct Peers {
        let target: LoopbackHTTPServer
        let proxy: LoopbackHTTPServer
        var proxyURL: String { "http://127.0.0.1:\(proxy.port)" }

        static func start() async throws -> Peers {
            let target = try await LoopbackHTTPServer.start(routes: ["/p": .init(body: Data("from target".utf8))])
            do {
                let proxy = try await LoopbackHTTPServer.start(routes: ["/p": .init(body: Data("from proxy".utf8))])
                return Peers(target: target, proxy: proxy)
            } catch {
                target.stop()
                throw error
            }
        }

        func stop() {
            target.stop()
            proxy.stop()
        }
    }

    @Test(arguments: ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"])
    func requestGoesThroughTheProxyFromTheEnvironment(variable: String) async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(
            version: "1.0.0", environment: [variable: peers.proxyURL], proxyBypassesLoopback: false)

        let response = try await transport.send(
            HTTPRequest(method: "GET", url: peers.target.url("/p?q=1"), headers: [HTTPHeader("X-Trace", "t")]))

        #expect(response.body == Data("from proxy".utf8))
        let recorded = try #require(await peers.proxy.waitForRequests(1).first)
        #expect(recorded.target == "http://127.0.0.1:\(peers.target.port)/p?q=1")
        #expect(recorded.values("X-Trace") == ["t"])
        #expect(recorded.values("User-Agent") == ["pomclaw/1.0.0"])
        #expect(peers.target.requests.isEmpty)
    }

    @Test func lowercaseVariableWinsOverUppercase() async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(
            version: "1.0.0",
            environment: ["http_proxy": peers.proxyURL, "HTTP_PROXY": "http://127.0.0.1:1"],
            proxyBypassesLoopback: false)

        let response = try await transport.send(HTTPRequest(method: "GET", url: peers.target.url("/p")))

        #expect(response.body == Data("from proxy".utf8))
    }

    @Test func loopbackHostsBypassTheProxyByDefault() async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(version: "1.0.0", environment: ["http_proxy": peers.proxyURL])

        let response = try await transport.send(HTTPRequest(method: "GET", url: peers.target.url("/p")))

        #expect(response.body == Data("from target".utf8))
        #expect(try #require(await peers.target.waitForRequests(1).first).target == "/p")
        #expect(peers.proxy.requests.isEmpty)
    }

    @Test(arguments: ["no_proxy", "NO_PROXY"])
    func noProxyListIsHonoured(variable: String) async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(
            version: "1.0.0",
            environment: ["http_proxy": peers.proxyURL, variable: "internal.example, 127.0.0.1"],
            proxyBypassesLoopback: false)

        let response = try await transport.send(HTTPRequest(method: "GET", url: peers.target.url("/p")))

        #expect(response.body == Data("from target".utf8))
        #expect(peers.proxy.requests.isEmpty)
    }

    @Test func noProxyListNotMatchingTheHostStillProxies() async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(
            version: "1.0.0",
            environment: ["http_proxy": peers.proxyURL, "no_proxy": "localhost,internal.example"],
            proxyBypassesLoopback: false)

        let response = try await transport.send(HTTPRequest(method: "GET", url: peers.target.url("/p")))

        #expect(response.body == Data("from proxy".utf8))
        #expect(peers.target.requests.isEmpty)
    }

    @Test func httpsProxyVariableDoesNotApplyToPlainHTTP() async throws {
        let peers = try await Peers.start()
        defer { peers.stop() }
        let transport = CurlTransport(
            version: "1.0.0", environment: ["https_proxy": peers.proxyURL], proxyBypassesLoopback: false)

        let response = try await transport.send(HTTPRequest(method: "GET", url: peers.target.url("/p")))

        #expect(response.body == Data("from target".utf8))
        #expect(peers.proxy.requests.isEmpty)
    }
}
