import Foundation
import Testing
import ZeroSimulator

@Suite("Request log and error bodies")
struct RequestLogTests {
    @Test("every request is recorded with method, path, query, headers, body and status; Authorization redacted")
    func recorded() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        _ = try await fixture.http.send("GET", fixture.orgPath("/routes?namespaceId=\(fixture.cluster.namespaceId)&includeDescendants=true"),
                                        token: token)
        _ = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: fixture.policyBody())
        let log = fixture.sim.requests
        #expect(log.map(\.method) == ["POST", "GET", "POST"])
        #expect(log.map(\.status) == [200, 200, 201])
        #expect(log[0].path == "/api/v0/token")
        #expect(log[0].json?["refreshToken"] == .string(fixture.apiToken))
        #expect(log[1].query == "namespaceId=\(fixture.cluster.namespaceId)&includeDescendants=true")
        #expect(log[1].queryValue("namespaceId") == fixture.cluster.namespaceId)
        #expect(log[1].headers["authorization"] == "Bearer <redacted>")
        #expect(log[1].headers["accept"] == "application/json")
        #expect(log[2].json == fixture.policyBody())
        #expect(log[2].headers["content-type"] == "application/json")
        for entry in log {
            #expect(!entry.headers.values.contains { $0.contains(token) })
            #expect(!entry.body.contains(token))
        }
        fixture.sim.clearRequests()
        #expect(fixture.sim.requests.isEmpty)
        _ = try await fixture.http.send("GET", "/organizations", authorization: "weird-token-without-scheme")
        #expect(fixture.sim.requests.first?.headers["authorization"] == "<redacted>")
        #expect(fixture.sim.requests.first?.status == 401)
    }

    @Test("error bodies: {error} by default, {message} or plain text by knob")
    func errorStyles() async throws {
        let fixture = try await Fixture.start()
        let unauthorized = try await fixture.http.send("GET", "/organizations")
        #expect(unauthorized.json == .object(["error": .string("authorization required")]))
        #expect(unauthorized.header("Content-Type") == "application/json")
        fixture.sim.knobs.errorStyle = .messageField
        let message = try await fixture.http.send("GET", "/organizations")
        #expect(message.json == .object(["message": .string("authorization required")]))
        fixture.sim.knobs.errorStyle = .plainText
        let plain = try await fixture.http.send("GET", "/organizations")
        #expect(plain.text == "authorization required")
        #expect(plain.header("Content-Type")?.hasPrefix("text/plain") == true)
    }

    @Test("unknown paths and methods: JSON 404 and 405 with a response id")
    func unknownPaths() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let port = try #require(fixture.sim.port)
        let root = TestHTTP(base: try #require(URL(string: "http://127.0.0.1:\(port)")))
        let outside = try await root.send("GET", "/healthz", token: token)
        #expect(outside.status == 404)
        #expect(outside.errorMessage == "not found")
        #expect(try await fixture.http.send("GET", fixture.orgPath("/widgets"), token: token).status == 404)
        let wrongMethod = try await fixture.http.send("DELETE", fixture.orgPath("/clusters"), token: token)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("X-Response-Id")?.count == 20)
        #expect(try await fixture.http.send("GET", "/token").status == 405)
    }
}
