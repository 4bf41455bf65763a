import Foundation
import Testing
import ZeroSimulator

/// API user tokens in each state the Console can leave them, and answers that are not the
/// API's JSON.
@Suite struct TokenStateTests {
    @Test("an expired API token is refused by /token; ID tokens issued before stay valid")
    func expiredToken() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        fixture.sim.expireAPIToken(fixture.apiToken)
        let refused = try await fixture.http.send("POST", "/token", body: #"{"refreshToken":"\#(fixture.apiToken)"}"#)
        #expect(refused.status == 400)
        #expect(refused.errorMessage == "refresh token expired")
        #expect(try await fixture.http.send("GET", "/organizations", token: token).status == 200)
        await fixture.sim.stop()
    }

    @Test("a fixture seeds tokens as active, revoked or expired, and refuses other states")
    func seededStates() async throws {
        let text = """
            {"organizations": [{"name": "personal"}],
             "apiTokens": [{"token": "t-active", "organizations": ["personal"]},
                           {"token": "t-revoked", "organizations": ["personal"], "state": "revoked"},
                           {"token": "t-expired", "organizations": ["personal"], "state": "expired"}]}
            """
        let sim = ZeroSimulator()
        try sim.load(SimFixture.decode(Data(text.utf8)))
        let http = TestHTTP(base: try await sim.start())
        let answers = [
            ("t-active", 200, nil), ("t-revoked", 400, "invalid refresh token"), ("t-expired", 400, "refresh token expired"),
        ]
        for (token, status, message) in answers {
            let result = try await http.send("POST", "/token", body: #"{"refreshToken":"\#(token)"}"#)
            #expect(result.status == status, "\(token)")
            if let message { #expect(result.errorMessage == message) }
        }
        await sim.stop()
        let bad = #"{"organizations": [{"name": "p"}], "apiTokens": [{"token": "t", "organizations": ["p"], "state": "lost"}]}"#
        #expect(throws: ZeroSimulatorError.self) { try ZeroSimulator().load(SimFixture.decode(Data(bad.utf8))) }
    }

    @Test("an injected answer is sent verbatim with its content type and changes nothing")
    func verbatimAnswer() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let page = "<html><head><title>502 Bad Gateway</title></head></html>\r\n"
        fixture.sim.inject("POST /api/v0/organizations/*/policies", .answer(status: 502, contentType: "text/html", body: page))
        let result = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: fixture.policyBody())
        #expect(result.status == 502)
        #expect(result.headers.first { $0.key.lowercased() == "content-type" }?.value == "text/html")
        #expect(result.text == page)
        #expect(fixture.sim.policies(org: fixture.org).isEmpty)
        await fixture.sim.stop()
    }
}
