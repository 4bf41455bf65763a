import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Calls that fail in every way while an API token, ID tokens and private key text are in
/// play; none of them may reach an error's text or the debug observer.
@Suite struct ZeroClientLeakTests {
    typealias H = ZeroHarness

    static let apiToken = "apitok-LEAK-7f3a"
    static let idToken = "idtok-LEAK-91c2"
    static let secondIDToken = "idtok-LEAK-second"
    static let key = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQLEAKKEYaaaaAAAAAAABAAAAMwAAAAtzc2g
        QyNTUxOQAAACBvd7TQ7FqcfSeLEAKKEYbbbbY2b6Kx2QJ0S5Hy6rQ1fQeH1xBQAAAJgN3Lm0Ddy5
        -----END OPENSSH PRIVATE KEY-----

        """
    static let needles = [apiToken, idToken, secondIDToken, "LEAKKEY", "LEAK"]
    static let settingsPath = H.orgPath("clusters/\(H.cluster)/settings")
    static let keyOps: [JSONPatchOperation] = [
        .init(.add, "/sshUserCaKey", .string(key)),
        .init(.add, "/sshHostKeys", [.string(key)]),
    ]

    private func harness() -> ZeroHarness {
        let h = ZeroHarness(
            loggedIn: false, retryPolicy: ZeroRetryPolicy(maxAttempts: 2),
            apiToken: Self.apiToken)
        h.transport.on("POST", "/token", .token(Self.idToken))
        return h
    }

    /// Runs `call`, which must throw, and checks the error and the observer for every needle.
    private func expectNoLeak(
        _ h: ZeroHarness, sourceLocation: SourceLocation = #_sourceLocation,
        _ call: @Sendable (ZeroClient) async throws -> Void
    ) async {
        var thrown: (any Error)?
        do { try await call(h.client) } catch { thrown = error }
        guard let thrown else {
            Issue.record("the call did not fail", sourceLocation: sourceLocation)
            return
        }
        var dumped = ""
        dump(thrown, to: &dumped)
        let texts = [
            String(describing: thrown), String(reflecting: thrown), thrown.userMessage, dumped,
        ] + h.observed
        for text in texts {
            for needle in Self.needles {
                #expect(!text.contains(needle), "\(needle) leaked into: \(text)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test func aRejectedAPITokenEchoedByTheServer() async {
        let h = ZeroHarness(loggedIn: false, apiToken: Self.apiToken)
        h.transport.on("POST", "/token", .json(400, #"{"error":"invalid refresh token \#(Self.apiToken)"}"#))
        await expectNoLeak(h) { _ = try await $0.organizations() }
    }

    @Test func aTokenOutageEchoingTheRequestBody() async {
        let h = ZeroHarness(
            loggedIn: false, retryPolicy: ZeroRetryPolicy(maxAttempts: 2), apiToken: Self.apiToken)
        h.transport.always(
            "POST", "/token",
            .json(500, #"upstream failed for body {"refreshToken":"\#(Self.apiToken)"}"#,
                headers: ["x-response-id": Self.apiToken]))
        await expectNoLeak(h) { _ = try await $0.organizations() }
    }

    @Test func aTokenExchangeAnsweringGarbageWithTheToken() async {
        let h = ZeroHarness(loggedIn: false, apiToken: Self.apiToken)
        h.transport.on(
            "POST", "/token", .ok(#"{"id_token":"\#(Self.idToken)","refreshToken":"\#(Self.apiToken)"}"#))
        await expectNoLeak(h) { _ = try await $0.organizations() }
    }

    @Test func forbiddenAndRejectedIDTokensEchoedInMessagesAndHeaders() async {
        let h = harness()
        h.transport.on(
            "GET", "/organizations",
            .json(403, "Authorization: Bearer \(Self.idToken) is not allowed",
                headers: ["x-response-id": "Bearer \(Self.idToken)"]))
        await expectNoLeak(h) { _ = try await $0.organizations() }

        h.transport.on("POST", "/token", .token(Self.secondIDToken))
        h.transport.on(
            "GET", H.orgPath("clusters"), .json(401, #"{"error":"expired: \#(Self.idToken)"}"#),
            .json(401, #"{"message":"expired: \#(Self.secondIDToken) and \#(Self.idToken)"}"#))
        await expectNoLeak(h) { _ = try await $0.clusters(organizationID: H.org) }
    }

    @Test func aSettingsPatchWhoseBodyIsEchoedBack() async throws {
        let h = harness()
        let body = String(decoding: JSONValue.array(Self.keyOps.map(\.json)).encoded(), as: UTF8.self)
        h.transport.on("PATCH", Self.settingsPath, .json(400, #"{"error":"bad request: \#(body)"}"#))
        await expectNoLeak(h) {
            try await $0.patchClusterSettings(
                organizationID: H.org, clusterID: H.cluster, operations: Self.keyOps)
        }
        h.transport.always("PATCH", Self.settingsPath, .json(503, "raw body was \(body)"))
        await expectNoLeak(h) {
            try await $0.patchClusterSettings(
                organizationID: H.org, clusterID: H.cluster, operations: Self.keyOps)
        }
        let lines = Self.key.split(separator: "\n").map(String.init)
        h.transport.on(
            "PATCH", Self.settingsPath,
            .json(400, #"{"error":"sshHostKeys[0]: cannot parse \#(lines[1])"}"#))
        await expectNoLeak(h) {
            try await $0.patchClusterSettings(
                organizationID: H.org, clusterID: H.cluster, operations: Self.keyOps)
        }
    }

    @Test func transportFailuresWhoseReasonsHoldSecrets() async {
        let h = harness()
        h.transport.always(
            "GET", "/organizations", .failure(.timedOut("no answer to Bearer \(Self.idToken)")))
        await expectNoLeak(h) { _ = try await $0.organizations() }
        h.transport.on(
            "PUT", H.orgPath("routes/bR"), .failure(.tlsFailed("handshake with \(Self.apiToken)")))
        await expectNoLeak(h) { _ = try await $0.updateRoute(organizationID: H.org, id: "bR", body: [:]) }
        h.transport.on(
            "POST", H.orgPath("policies"),
            .failure(.connectionFailed("reset while sending \(Self.key)")))
        await expectNoLeak(h) {
            _ = try await $0.createPolicy(
                organizationID: H.org, body: ["name": "p", "description": .string(Self.key)])
        }
        h.transport.on(
            "DELETE", H.orgPath("routes/bR"),
            .handler { _ in throw PomclawError("adaptor bug with \(Self.idToken) and \(Self.apiToken)") })
        await expectNoLeak(h) { try await $0.deleteRoute(organizationID: H.org, id: "bR") }
    }

    @Test func malformedAnswersThatContainSecrets() async {
        let h = harness()
        h.transport.on(
            "POST", H.orgPath("routes"),
            .json(201, #"{"name":"r","echo":"\#(Self.idToken)"}"#, headers: ["x-response-id": Self.idToken]))
        await expectNoLeak(h) { _ = try await $0.createRoute(organizationID: H.org, body: [:]) }
        h.transport.always("GET", H.orgPath("routes"), .ok("{\(Self.apiToken)"))
        await expectNoLeak(h) { _ = try await $0.routes(organizationID: H.org, namespaceID: "bNs") }
    }
}
