import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ZeroClientAuthTests {
    typealias H = ZeroHarness

    @Test func logsInOnceForManyCallsAndSendsTheHeaders() async throws {
        let h = ZeroHarness()
        h.transport.on("GET", "/organizations", .ok("[]"), .ok("[]"))
        h.transport.on("GET", H.orgPath("clusters"), .ok("[]"))
        _ = try await h.client.organizations()
        _ = try await h.client.organizations()
        _ = try await h.client.clusters(organizationID: H.org)

        #expect(h.transport.endpoints == [
            "POST /token", "GET /organizations", "GET /organizations",
            "GET \(H.orgPath("clusters"))",
        ])
        let token = try #require(h.transport.requests("POST", "/token").first)
        #expect(token.header("Authorization") == nil)
        #expect(token.jsonBody == ["refreshToken": .string(H.apiToken)])
        for request in h.transport.requests {
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Accept") == "application/json")
        }
        for request in h.transport.requests.dropFirst() {
            #expect(request.header("Authorization") == "Bearer \(H.idToken)")
        }
        #expect(h.transport.unused.isEmpty)
    }

    @Test(arguments: [#""3600""#, "3600", "3600.0", #"" 120 ""#])
    func acceptsLifetimeAsIntegerStringOrNumber(_ expiresIn: String) async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .token("id-A", expiresIn: expiresIn))
        h.transport.on("GET", "/organizations", .ok("[]"))
        #expect(try await h.client.organizations().isEmpty)
        #expect(h.transport.requests.last?.header("Authorization") == "Bearer id-A")
    }

    @Test func acceptsADurationStyleLifetime() async throws {
        try await expectRenewal(expiresIn: #""3600s""#, after: 3300)
    }

    /// No working client reads `expiresInSeconds` (zero-api-audit.md §7 R6): an answer without
    /// a lifetime pomclaw can read still logs in, with a short assumed one (300 s, so renewed
    /// after 270 s).
    @Test(arguments: [
        #""soon""#, #""12.5""#, "true", "null", "-5", "0", #""""#, "[3600]",
    ])
    func anyOtherLifetimeIsTakenAsAShortOne(_ expiresIn: String) async throws {
        try await expectRenewal(expiresIn: expiresIn, after: 270)
    }

    @Test func aTokenAnswerWithoutALifetimeLogsIn() async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .ok(#"{"idToken":"id-A"}"#))
        h.transport.on("GET", "/organizations", .ok("[]"))
        #expect(try await h.client.organizations().isEmpty)
        #expect(h.transport.requests.last?.header("Authorization") == "Bearer id-A")
    }

    @Test func rejectsAGrantWithoutAnIDToken() async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .ok(#"{"idToken":"null","expiresInSeconds":"3600"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .malformedResponse)
    }

    @Test func refreshesWhenLessThanFiveMinutesOfAnHourRemain() async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .token("id-A"), .token("id-B"))
        h.transport.always("GET", "/organizations", .ok("[]"))
        _ = try await h.client.organizations()
        h.time.advance(seconds: 3299)
        _ = try await h.client.organizations()
        #expect(h.transport.count("POST", "/token") == 1)
        h.time.advance(seconds: 1)
        _ = try await h.client.organizations()
        #expect(h.transport.count("POST", "/token") == 2)
        let auth = h.transport.requests("GET", "/organizations").map { $0.header("Authorization") }
        #expect(auth == ["Bearer id-A", "Bearer id-A", "Bearer id-B"])
    }

    @Test func shortLivedTokensRefreshWithATenthOfTheirLifetimeLeft() async throws {
        try await expectRenewal(expiresIn: "100", after: 90)
    }

    /// Logs in with a token answer whose lifetime reads `expiresIn`, and checks that the client
    /// logs in again once `seconds` have passed, not a second earlier.
    private func expectRenewal(
        expiresIn: String, after seconds: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .token("id-A", expiresIn: expiresIn), .token("id-B"))
        h.transport.always("GET", "/organizations", .ok("[]"))
        _ = try await h.client.organizations()
        h.time.advance(seconds: Double(seconds - 1))
        _ = try await h.client.organizations()
        #expect(h.transport.count("POST", "/token") == 1, sourceLocation: sourceLocation)
        h.time.advance(seconds: 1)
        _ = try await h.client.organizations()
        #expect(h.transport.count("POST", "/token") == 2, sourceLocation: sourceLocation)
    }

    @Test func a401LogsInAgainAndReplaysOnce() async throws {
        let h = ZeroHarness()
        h.transport.on("POST", "/token", .token("id-B"))
        h.transport.on(
            "GET", "/organizations", .json(401, #"{"error":"token expired"}"#),
            .ok(#"[{"id":"bOrg","name":"personal"}]"#))
        let orgs = try await h.client.organizations()
        #expect(orgs == [ZeroOrganization(id: "bOrg", name: "personal")])
        let auth = h.transport.requests("GET", "/organizations").map { $0.header("Authorization") }
        #expect(auth == ["Bearer \(H.idToken)", "Bearer id-B"])
        #expect(h.transport.endpoints.filter { $0 == "POST /token" }.count == 2)
        #expect(h.time.sleeps.isEmpty)
    }

    @Test func aSecond401IsUnauthorized() async throws {
        let h = ZeroHarness()
        h.transport.on("POST", "/token", .token("id-B"))
        h.transport.on(
            "GET", H.orgPath("routes"), .json(401, #"{"error":"nope"}"#),
            .json(401, #"{"error":"still nope"}"#, headers: ["x-response-id": "resp-2"]))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.routes(organizationID: H.org, namespaceID: "bNs")
        }
        #expect(error.kind == .unauthorized(401))
        #expect(error.call == "GET \(H.orgPath("routes"))?namespaceId=bNs")
        #expect(error.nextAction == ZeroAPIError.newTokenAction)
        #expect(error.nextAction.contains("https://console.pomerium.app/app/management/api-tokens"))
        #expect(error.serverMessage == "still nope")
        #expect(error.responseID == "resp-2")
        #expect(error.attempts == 2)
        #expect(!error.isRetryable)
        #expect(h.transport.count("POST", "/token") == 2)
        #expect(h.transport.unused.isEmpty)
    }

    @Test(arguments: [400, 401, 403])
    func aRejectedAPITokenIsUnauthorizedWithoutRetry(_ status: Int) async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on("POST", "/token", .json(status, #"{"error":"invalid refresh token"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .unauthorized(status))
        #expect(error.call == "POST /token")
        #expect(error.serverMessage == "invalid refresh token")
        #expect(error.nextAction == ZeroAPIError.newTokenAction)
        #expect(error.attempts == 1)
        #expect(h.transport.endpoints == ["POST /token"])
        #expect(h.time.sleeps.isEmpty)
    }

    @Test func theTokenExchangeIsRetriedOnOutagesAndRateLimits() async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.on(
            "POST", "/token", .json(503, "busy"), .failure(.timedOut("slow")),
            .json(429, "{}", headers: ["retry-after": "3"]), .token("id-A"))
        h.transport.on("GET", "/organizations", .ok("[]"))
        _ = try await h.client.organizations()
        #expect(h.time.sleeps == [0.5, 1, 3])
        #expect(h.transport.count("POST", "/token") == 4)
    }

    @Test func aTokenExchangeOutageReportsTheOutageNotABadToken() async throws {
        let h = ZeroHarness(loggedIn: false)
        h.transport.always("POST", "/token", .json(502, "bad gateway"))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .status(502))
        #expect(error.attempts == 5)
        #expect(error.isRetryable)
        #expect(error.nextAction == ZeroAPIError.unavailableAction)
        #expect(h.transport.endpoints == Array(repeating: "POST /token", count: 5))
    }

    @Test func concurrentFirstCallsShareOneLogin() async throws {
        let h = ZeroHarness(loggedIn: false)
        let gate = TestGate()
        h.transport.always(
            "POST", "/token",
            .handler { _ in
                await gate.wait()
                return HTTPResponse(
                    status: 200, body: Data(#"{"idToken":"id-S","expiresInSeconds":"3600"}"#.utf8))
            })
        h.transport.always("GET", "/organizations", .ok("[]"))
        let client = h.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try await client.organizations() }
            }
            // Let every caller reach the login before the first exchange answers.
            while gate.arrivals < 1 { await Task.yield() }
            for _ in 0..<200 { await Task.yield() }
            gate.open()
            try await group.waitForAll()
        }
        #expect(h.transport.count("POST", "/token") == 1)
        #expect(h.transport.count("GET", "/organizations") == 6)
        let auth = Set(h.transport.requests("GET", "/organizations").map { $0.header("Authorization") })
        #expect(auth == ["Bearer id-S"])
    }
}
