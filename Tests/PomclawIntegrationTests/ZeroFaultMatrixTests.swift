import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// Every Zero call an install makes, hit by every kind of failure, against the simulator
/// answering as clients known to work have seen (the `observed` profile): the install either
/// converges after retries or stops with a clear message; either way a re-run converges, the
/// cluster ends with exactly one policy and two routes, and a further run writes nothing.
@Suite struct ZeroFaultMatrixTests {
    struct Call: Sendable, CustomTestStringConvertible {
        var rule: String
        var testDescription: String { rule }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var action: FaultAction
        var testDescription: String { name }
    }

    static let calls = [
        "POST /api/v0/token",
        "GET /api/v0/organizations",
        "GET /api/v0/organizations/*/clusters",
        "GET /api/v0/organizations/*/clusters/*/settings",
        "PATCH /api/v0/organizations/*/clusters/*/settings",
        "GET /api/v0/organizations/*/policies",
        "POST /api/v0/organizations/*/policies",
        "GET /api/v0/organizations/*/routes",
        "POST /api/v0/organizations/*/routes",
    ].map(Call.init)

    /// Longer than the client's timeout in these tests.
    static let slow = 4.5
    static let clientTimeout = Duration.seconds(2)
    /// For faults that answer at once (no added latency).
    static let outageClientTimeout = Duration.seconds(20)

    static let failures = [
        Failure(name: "500", action: .status(500)),
        Failure(name: "502", action: .status(502)),
        Failure(name: "503", action: .status(503)),
        Failure(name: "429 Retry-After", action: .status(429, retryAfter: "3")),
        Failure(name: "timeout", action: .latency(seconds: slow)),
        Failure(name: "malformed JSON", action: .malformedJSON),
        Failure(name: "expired id token", action: .expireIDToken),
        Failure(name: "connection dropped after the change", action: .dropAfterChange),
    ]

    @Test(arguments: calls, failures)
    func aSingleFailureIsSurvivedOrReported(_ call: Call, _ failure: Failure) async throws {
        let zero = try await SimulatedZero.start { $0.inject(call.rule, count: 1, failure.action) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let first = await zero.install(in: directory.path, timeout: Self.clientTimeout)
        if first.report.exitCode != 0 {
            #expect(first.report.exitCode == 1)
            let transcript = first.console.transcript
            #expect(transcript.contains("Next:"), "the error must carry the next action: \(transcript)")
        }
        try await Self.waitForDelayedRequests(zero, failure)
        try await Self.expectConvergence(zero, directory)
        await zero.stop()
    }

    @Test(arguments: calls)
    func aPersistentOutageStopsWithAClearMessageAndTheReRunConverges(_ call: Call) async throws {
        let zero = try await SimulatedZero.start {
            $0.inject(call.rule, count: 1000, .status(503, body: "{\"error\":\"maintenance window\"}"))
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        // No latency here: a generous client timeout, so a loaded machine cannot turn the
        // 503 this test is about into a timeout.
        let first = await zero.install(in: directory.path, timeout: Self.outageClientTimeout)
        #expect(first.report.exitCode == 1)
        let transcript = first.console.transcript
        let method = String(call.rule.split(separator: " ")[0])
        #expect(transcript.contains("Pomerium Zero API \(method) "), "\(transcript)")
        #expect(transcript.contains("503"))
        #expect(transcript.contains("Next:"))
        #expect(zero.policyCount <= 1)
        #expect(zero.routeCount <= 2)

        zero.sim.clearFaults()
        try await Self.expectConvergence(zero, directory)
        await zero.stop()
    }

    /// Re-runs until done (at most twice), then checks the end state and that a further run
    /// writes nothing.
    static func expectConvergence(_ zero: SimulatedZero, _ directory: TemporaryDirectory) async throws {
        // The faults are cleared: a generous client timeout, so a loaded machine cannot turn
        // a healthy answer into a timeout.
        let rerun = await zero.install(in: directory.path, timeout: outageClientTimeout)
        #expect(rerun.report.exitCode == 0, "the re-run must converge: \(rerun.console.transcript)")
        #expect(zero.policyCount == 1)
        #expect(zero.routeCount == 2)
        zero.sim.clearRequests()
        let converged = await zero.install(in: directory.path, timeout: outageClientTimeout)
        #expect(converged.report.exitCode == 0)
        #expect(zero.writes.isEmpty, "\(zero.writes.map { "\($0.method) \($0.path)" })")
    }

    /// A slow request the client gave up on may still change state when it finishes: wait
    /// for the simulator to answer it before the re-run, as a user re-running later would.
    static func waitForDelayedRequests(_ zero: SimulatedZero, _ failure: Failure) async throws {
        guard case .latency(let seconds) = failure.action else { return }
        let deadline = Date().addingTimeInterval(seconds + 2)
        while Date() < deadline {
            let pending = zero.sim.requests.contains { $0.faults.contains(failure.action) && $0.status == nil }
            if !pending { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
