import Foundation
import Testing
import ZeroSimulator

@Suite("Faults")
struct FaultTests {
    @Test("forced status with Retry-After applies to the next N matches and changes nothing")
    func forcedStatus() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("POST /api/v0/organizations/*/policies", count: 2, .status(503, retryAfter: "2"))
        #expect(fixture.sim.pendingFaults.count == 1)
        for _ in 0..<2 {
            let result = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token,
                                                     json: fixture.policyBody())
            #expect(result.status == 503)
            #expect(result.header("Retry-After") == "2")
            #expect(result.errorMessage == "injected 503")
            #expect(result.header("X-Response-Id") != nil)
        }
        #expect(fixture.sim.policies(org: fixture.org).isEmpty)
        #expect(fixture.sim.pendingFaults.isEmpty)
        let third = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: fixture.policyBody())
        #expect(third.status == 201)
        #expect(fixture.sim.requests.suffix(3).map(\.faults) == [
            [.status(503, retryAfter: "2")], [.status(503, retryAfter: "2")], [],
        ])
    }

    @Test("patterns: * is one segment, the method must match, a custom body is sent verbatim")
    func patterns() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let policy = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let id = try #require(policy["id"]?.stringValue)
        fixture.sim.inject("GET /api/v0/organizations/*/policies", .status(500, body: "upstream exploded"))
        #expect(try await fixture.http.send("GET", fixture.orgPath("/policies/\(id)"), token: token).status == 200)
        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/routes/bX"), token: token).status == 404)
        let hit = try await fixture.http.send("GET", fixture.orgPath("/policies"), token: token)
        #expect(hit.status == 500)
        #expect(hit.text == "upstream exploded")
        fixture.sim.inject(Fault(method: nil, pathPattern: "/api/v0/organizations/*/policies/*", action: .status(404)))
        #expect(try await fixture.http.send("GET", fixture.orgPath("/policies/\(id)"), token: token).status == 404)
        fixture.sim.inject("/api/v0/token", count: 5, .status(429, retryAfter: "1"))
        fixture.sim.clearFaults()
        #expect(try await fixture.http.send("GET", fixture.orgPath("/policies/\(id)"), token: token).status == 200)
    }

    @Test("probability 0 never hits and keeps the rule; probability 1 always hits")
    func probability() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("GET /api/v0/organizations", count: 3, probability: 0, .status(503))
        for _ in 0..<5 {
            #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 200)
        }
        #expect(fixture.sim.pendingFaults.first?.remaining == 3)
        fixture.sim.clearFaults()
        fixture.sim.inject("GET /api/v0/organizations", count: 2, probability: 1, .status(503))
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 503)
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 503)
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 200)
    }

    @Test("/token failure")
    func tokenFailure() async throws {
        let fixture = try await Fixture.start()
        fixture.sim.inject("POST /api/v0/token", .status(502))
        let failed = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"\#(fixture.apiToken)"}"#)
        #expect(failed.status == 502)
        #expect(fixture.sim.issuedIDTokens.isEmpty)
        _ = try await fixture.login()
        #expect(fixture.sim.issuedIDTokens.count == 1)
    }

    @Test("added latency trips a client timeout")
    func latency() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let impatient = TestHTTP(base: fixture.http.base, timeout: 0.5)
        fixture.sim.inject("GET /api/v0/organizations", .latency(seconds: 3))
        let start = Date()
        await #expect(throws: RawHTTP.Failure.timedOut) {
            _ = try await impatient.send("GET", "/organizations", token: token)
        }
        #expect(Date().timeIntervalSince(start) >= 0.4)
        let slow = TestHTTP(base: fixture.http.base, timeout: 10)
        fixture.sim.inject("GET /api/v0/organizations", .latency(seconds: 0.3))
        let began = Date()
        #expect(try await slow.send("GET", "/organizations", token: token).status == 200)
        #expect(Date().timeIntervalSince(began) >= 0.3)
    }

    @Test("connection dropped before the change: transport error, nothing created")
    func dropBefore() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("POST /api/v0/organizations/*/policies", .dropBeforeChange)
        await #expect(throws: RawHTTP.Failure.closedWithoutResponse) {
            _ = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: fixture.policyBody())
        }
        #expect(fixture.sim.policies(org: fixture.org).isEmpty)
        let logged = try #require(fixture.sim.requests.last)
        #expect(logged.method == "POST")
        #expect(logged.status == nil)
    }

    @Test("connection dropped after the change: transport error, the policy exists once")
    func dropAfter() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("POST /api/v0/organizations/*/policies", .dropAfterChange)
        await #expect(throws: RawHTTP.Failure.closedWithoutResponse) {
            _ = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: fixture.policyBody())
        }
        #expect(fixture.sim.policies(org: fixture.org).count == 1)
        #expect(fixture.sim.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/policies") }.count == 1)
        let list = try await fixture.http.send("GET", fixture.orgPath("/policies"), token: token)
        #expect(list.json?.arrayValue?.count == 1)
    }

    @Test("truncated response after the change: head and half a body, then the connection closes")
    func truncateAfter() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("POST /api/v0/organizations/*/routes", .truncateAfterChange)
        await #expect(throws: RawHTTP.Failure.malformedResponse) {
            _ = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token,
                                            json: .object(fixture.routeBody()))
        }
        #expect(fixture.sim.routes(org: fixture.org).count == 1)
        #expect(try await fixture.http.send("GET", fixture.orgPath("/routes"), token: token).json?.arrayValue?.count == 1)
    }

    @Test("early ID-token expiry answers 401 and the token stays expired")
    func expireToken() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("GET /api/v0/organizations/*/clusters", .expireIDToken)
        let result = try await fixture.http.send("GET", fixture.orgPath("/clusters"), token: token)
        #expect(result.status == 401)
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 401)
        let fresh = try await fixture.login()
        #expect(try await fixture.http.send("GET", fixture.orgPath("/clusters"), token: fresh).status == 200)
    }

    @Test("malformed JSON with 200, and null instead of a list")
    func badBodies() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.inject("POST /api/v0/organizations/*/policies", .malformedJSON)
        let malformed = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token,
                                                    json: fixture.policyBody())
        #expect(malformed.status == 200)
        #expect(malformed.json == nil)
        #expect(fixture.sim.policies(org: fixture.org).count == 1, "the change was applied")
        fixture.sim.inject("GET /api/v0/organizations/*/routes", .nullBody)
        let null = try await fixture.http.send("GET", fixture.orgPath("/routes"), token: token)
        #expect(null.status == 200)
        #expect(null.text == "null")
    }
}
