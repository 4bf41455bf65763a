import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ZeroClientRetryTests {
    typealias H = ZeroHarness
    typealias Reply = ScriptedTransport.Reply

    static let orgs = #"[{"id":"bOrg","name":"personal"}]"#

    @Test(arguments: [500, 502, 503, 504])
    func outagesAreRetriedWithBackoff(_ status: Int) async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", "/organizations", .json(status, "{}"), .json(status, "{}"), .ok(Self.orgs))
        #expect(try await h.client.organizations().map(\.id) == ["bOrg"])
        #expect(h.time.sleeps == [0.5, 1])
        #expect(h.observed == [
            "POST /token 200", "GET /organizations \(status)", "GET /organizations \(status)",
            "GET /organizations 200",
        ])
    }

    @Test(arguments: [
        HTTPTransportError.timedOut("Operation timed out after 30000 ms"),
        HTTPTransportError.connectionFailed("Connection reset by peer"),
    ])
    func timeoutsAndDroppedConnectionsAreRetried(_ failure: HTTPTransportError) async throws {
        let h = ZeroHarness()
        h.transport.on("GET", "/organizations", .failure(failure), .ok(Self.orgs))
        #expect(try await h.client.organizations().count == 1)
        #expect(h.time.sleeps == [0.5])
        #expect(h.observed.last == "GET /organizations 200")
        #expect(h.observed.dropLast().last == "GET /organizations -")
    }

    @Test func retryAfterSecondsIsHonouredWhenLongerThanTheBackoff() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", "/organizations", .json(429, "{}", headers: ["retry-after": "7"]),
            .json(429, "{}", headers: ["retry-after": "0"]), .ok(Self.orgs))
        _ = try await h.client.organizations()
        #expect(h.time.sleeps == [7, 1])
    }

    @Test func retryAfterAsAnHTTPDateCountsFromNow() async throws {
        let h = ZeroHarness()
        // FakeTimekeeper starts at 1_790_000_000 = Sat, 21 Sep 2026 14:13:20 GMT.
        h.transport.on(
            "GET", "/organizations",
            .json(429, "{}", headers: ["retry-after": "Sat, 21 Sep 2026 14:13:32 GMT"]),
            .ok(Self.orgs))
        _ = try await h.client.organizations()
        #expect(h.time.sleeps == [12])
    }

    @Test func retryAfterIsCappedAtAMinute() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", "/organizations", .json(503, "{}", headers: ["retry-after": "3600"]),
            .ok(Self.orgs))
        _ = try await h.client.organizations()
        #expect(h.time.sleeps == [60])
    }

    @Test(arguments: ["{not json", "true", #"{"id":"bOrg"}"#, ""])
    func aMalformedListIsRetriedOnGet(_ body: String) async throws {
        let h = ZeroHarness()
        h.transport.on("GET", "/organizations", .ok(body), .ok(Self.orgs))
        #expect(try await h.client.organizations().count == 1)
        #expect(h.time.sleeps == [0.5])
    }

    @Test func jitterPicksInsideTheUpperHalfOfEachBackoff() async throws {
        let ranges = Recorder<ClosedRange<Double>>()
        let h = ZeroHarness(jitter: { range in
            ranges.append(range)
            return range.lowerBound
        })
        h.transport.always("GET", "/organizations", .json(500, "{}"))
        await #expect(throws: ZeroAPIError.self) { _ = try await h.client.organizations() }
        #expect(ranges.values == [0.25...0.5, 0.5...1, 1...2, 2...4])
        #expect(h.time.sleeps == [0.25, 0.5, 1, 2])
    }

    @Test(arguments: [429, 500, 502, 503, 504])
    func givesUpAfterFiveTriesNamingEverything(_ status: Int) async throws {
        let h = ZeroHarness()
        h.transport.always(
            "GET", H.orgPath("clusters"),
            .json(status, #"{"error":"upstream connect error"}"#, headers: ["x-response-id": "rid-42"]))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.clusters(organizationID: H.org)
        }
        #expect(error.call == "GET \(H.orgPath("clusters"))")
        #expect(error.kind == .status(status))
        #expect(error.serverMessage == "upstream connect error")
        #expect(error.responseID == "rid-42")
        #expect(error.attempts == 5)
        #expect(error.isRetryable)
        let next = status == 429 ? ZeroAPIError.rateLimitedAction : ZeroAPIError.unavailableAction
        #expect(error.nextAction == next)
        #expect(h.time.sleeps == [0.5, 1, 2, 4])
        #expect(h.transport.count("GET", H.orgPath("clusters")) == 5)
        let text = error.description
        for part in [
            "GET \(H.orgPath("clusters"))", "HTTP \(status)", "after 5 attempts",
            "upstream connect error", "rid-42", "wait a minute",
        ] {
            #expect(text.contains(part), "\(part) missing from: \(text)")
        }
    }

    @Test func givingUpOnRateLimitsSaysSo() async throws {
        let h = ZeroHarness(retryPolicy: ZeroRetryPolicy(maxAttempts: 2))
        h.transport.always("GET", "/organizations", .json(429, #"{"message":"slow down"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .status(429))
        #expect(error.serverMessage == "slow down")
        #expect(error.nextAction == ZeroAPIError.rateLimitedAction)
        #expect(error.attempts == 2)
    }

    @Test func givingUpOnTimeoutsNamesTheTransportFailure() async throws {
        let h = ZeroHarness()
        h.transport.always("GET", "/organizations", .failure(.timedOut("Operation timed out")))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .transport("timed out: Operation timed out"))
        #expect(error.attempts == 5)
        #expect(error.isRetryable)
        #expect(error.nextAction == ZeroAPIError.unavailableAction)
    }

    @Test func givingUpOnConnectionFailuresPointsAtTheNetwork() async throws {
        let h = ZeroHarness()
        h.transport.always("GET", "/organizations", .failure(.connectionFailed("Could not resolve host")))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.attempts == 5)
        #expect(error.nextAction == ZeroAPIError.unreachableAction)
        #expect(error.description.contains("proxy"))
    }

    @Test func givingUpOnMalformedBodiesSaysSo() async throws {
        let h = ZeroHarness()
        h.transport.always("GET", "/organizations", .ok(#"{"organizations":[]}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.kind == .malformedResponse)
        #expect(error.attempts == 5)
        #expect(error.nextAction == ZeroAPIError.malformedAction)
    }

    @Test(arguments: [
        HTTPTransportError.tlsFailed("certificate verify failed"),
        HTTPTransportError.refused("plain http to a non-loopback host"),
    ])
    func tlsFailuresAndRefusalsAreNotRetried(_ failure: HTTPTransportError) async throws {
        let h = ZeroHarness()
        h.transport.on("GET", "/organizations", .failure(failure))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.organizations()
        }
        #expect(error.attempts == 1)
        #expect(!error.isRetryable)
        #expect(h.time.sleeps.isEmpty)
    }

    @Test(arguments: [Reply.json(500, "{}"), .failure(.timedOut("t")), .failure(.connectionFailed("c"))])
    func createsAreNotRetriedWhenTheyMayHaveHappened(_ reply: Reply) async throws {
        let h = ZeroHarness()
        h.transport.on("POST", H.orgPath("policies"), reply)
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.createPolicy(organizationID: H.org, body: ["name": "p"])
        }
        #expect(error.call == "POST \(H.orgPath("policies"))")
        #expect(error.attempts == 1)
        #expect(error.isRetryable)
        #expect(h.transport.count("POST", H.orgPath("policies")) == 1)
        #expect(h.time.sleeps.isEmpty)
    }

    @Test func createsAreRetriedOnRateLimits() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "POST", H.orgPath("routes"), .json(429, "{}", headers: ["retry-after": "2"]),
            .json(201, #"{"id":"bRoute","name":"openclaw-web"}"#))
        let created = try await h.client.createRoute(organizationID: H.org, body: ["name": "r"])
        #expect(created["id"] == "bRoute")
        #expect(h.time.sleeps == [2])
    }

    @Test func aCreateAnsweredWithoutAnIDIsMalformedAndNotRetried() async throws {
        let h = ZeroHarness()
        h.transport.on("POST", H.orgPath("routes"), .json(201, #"{"id":"","name":"r"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.createRoute(organizationID: H.org, body: ["name": "r"])
        }
        #expect(error.kind == .malformedResponse)
        #expect(error.attempts == 1)
        #expect(error.isRetryable)
    }

    @Test(arguments: [400, 403, 404, 409, 422])
    func clientErrorsAreTerminal(_ status: Int) async throws {
        let h = ZeroHarness()
        h.transport.on(
            "PUT", H.orgPath("policies/bPol"), .json(status, #"{"error":"ppl: invalid"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.updatePolicy(organizationID: H.org, id: "bPol", body: [:])
        }
        #expect(error.kind == .status(status))
        #expect(error.serverMessage == "ppl: invalid")
        #expect(error.attempts == 1)
        #expect(!error.isRetryable)
        #expect(!error.nextAction.isEmpty)
        #expect(h.time.sleeps.isEmpty)
    }

    @Test func aForbiddenClusterMeansGoneOrNoAccess() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", H.orgPath("clusters/\(H.cluster)/settings"),
            .json(403, #"{"error":"viewer user required"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.clusterSettings(organizationID: H.org, clusterID: H.cluster)
        }
        #expect(error.kind == .status(403))
        #expect(error.nextAction.contains("cluster was not found or this API token has no access"))
    }

    @Test func idempotentWritesAreRetried() async throws {
        let h = ZeroHarness()
        let settings = H.orgPath("clusters/\(H.cluster)/settings")
        h.transport.on("PATCH", settings, .json(502, ""), .ok("{}"))
        h.transport.on("PUT", H.orgPath("routes/bR"), .failure(.timedOut("t")), .ok(#"{"id":"bR"}"#))
        h.transport.on("DELETE", H.orgPath("routes/bR"), .json(504, ""), .json(204, ""))
        try await h.client.patchClusterSettings(
            organizationID: H.org, clusterID: H.cluster, operations: [.init(.add, "/a", "b")])
        _ = try await h.client.updateRoute(organizationID: H.org, id: "bR", body: [:])
        try await h.client.deleteRoute(organizationID: H.org, id: "bR")
        #expect(h.time.sleeps == [0.5, 0.5, 0.5])
        #expect(h.transport.unused.isEmpty)
    }
}
