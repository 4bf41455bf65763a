import Foundation
import Testing
import ZeroSimulator

@Suite("Auth")
struct AuthTests {
    @Test("token exchange answers expiresInSeconds as a string by default")
    func exchangeString() async throws {
        let fixture = try await Fixture.start()
        let result = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"\#(fixture.apiToken)"}"#)
        #expect(result.status == 200)
        #expect(result.json?["expiresInSeconds"] == .string("3600"))
        let idToken = try #require(result.json?["idToken"]?.stringValue)
        #expect(idToken.count >= 32)
        #expect(idToken.split(separator: ".").count == 1, "the ID token must not look like a JWT")
        #expect(result.header("Content-Type") == "application/json")
        #expect(result.header("X-Response-Id")?.isEmpty == false)
    }

    @Test("knobs: expiresInSeconds as a number, and a shorter TTL")
    func exchangeNumber() async throws {
        var knobs = Knobs()
        knobs.expiresInSecondsAsNumber = true
        knobs.idTokenTTL = 60
        let fixture = try await Fixture.start(knobs: knobs)
        let result = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"\#(fixture.apiToken)"}"#)
        #expect(result.json?["expiresInSeconds"] == .number(60))
        #expect(result.text.contains(#""expiresInSeconds":60"#))
    }

    @Test("bad refresh tokens: 400 by default, 401 by knob, malformed body 400")
    func badRefreshToken() async throws {
        let fixture = try await Fixture.start()
        let unknown = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"nope"}"#)
        #expect(unknown.status == 400)
        #expect(unknown.errorMessage == "invalid refresh token")
        let missing = try await fixture.http.send("POST", "/token", body: #"{"token":"x"}"#)
        #expect(missing.status == 400)
        fixture.sim.revokeAPIToken(fixture.apiToken)
        fixture.sim.knobs.invalidRefreshTokenStatus = 401
        let revoked = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"\#(fixture.apiToken)"}"#)
        #expect(revoked.status == 401)
    }

    @Test("bearer missing, malformed, unknown or expired → 401")
    func bearerRules() async throws {
        let clock = TestClock()
        let fixture = try await Fixture.start(clock: { clock.now })
        let token = try await fixture.login()
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 200)
        #expect(try await fixture.http.send("GET", "/organizations").status == 401)
        #expect(try await fixture.http.send("GET", "/organizations", token: "unknown").status == 401)
        #expect(try await fixture.http.send("GET", "/organizations", authorization: token).status == 401)
        #expect(try await fixture.http.send("GET", "/organizations", token: fixture.apiToken).status == 401,
                "the API user token is not an ID token")
        clock.advance(3599)
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 200)
        clock.advance(2)
        let expired = try await fixture.http.send("GET", "/organizations", token: token)
        #expect(expired.status == 401)
        #expect(expired.errorMessage == "id token expired")
        let fresh = try await fixture.login()
        #expect(try await fixture.http.send("GET", "/organizations", token: fresh).status == 200)
        fixture.sim.expireIDTokens()
        #expect(try await fixture.http.send("GET", "/organizations", token: fresh).status == 401)
    }

    @Test("knob: a bare token without Bearer is accepted")
    func bareToken() async throws {
        var knobs = Knobs()
        knobs.acceptBareToken = true
        let fixture = try await Fixture.start(knobs: knobs)
        let token = try await fixture.login()
        #expect(try await fixture.http.send("GET", "/organizations", authorization: token).status == 200)
    }

    @Test("another org, or an unknown org → 403 viewer user required")
    func otherOrg() async throws {
        let fixture = try await Fixture.start()
        let other = fixture.sim.addOrganization(name: "work")
        fixture.sim.addCluster(org: other, name: "w", domain: "w-1")
        let token = try await fixture.login()
        for path in ["/organizations/\(other.id)/clusters", "/organizations/\(other.id)/policies",
                     "/organizations/bNoSuchOrganizationAtAllxxxx/routes"] {
            let result = try await fixture.http.send("GET", path, token: token)
            #expect(result.status == 403, "\(path)")
            #expect(result.errorMessage == "viewer user required")
        }
    }

    @Test("one API token can see several organizations")
    func multiOrg() async throws {
        let sim = ZeroSimulator()
        let first = sim.addOrganization(name: "personal")
        let second = sim.addOrganization(name: "acme", role: "member", organizationType: "team")
        let third = sim.addOrganization(name: "hidden")
        let apiToken = sim.addAPIToken(orgs: [first, second])
        let http = TestHTTP(base: try await sim.start())
        let token = try await http.idToken(apiToken)
        let list = try await http.send("GET", "/organizations", token: token)
        let ids = list.json?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == [first.id, second.id])
        #expect(list.json?.arrayValue?.last?["role"] == .string("member"))
        #expect(try await http.send("GET", "/organizations/\(second.id)/clusters", token: token).status == 200)
        #expect(try await http.send("GET", "/organizations/\(third.id)/clusters", token: token).status == 403)
    }
}
