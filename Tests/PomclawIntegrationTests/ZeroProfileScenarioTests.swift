import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The scenarios a user lives through, against the simulator answering as clients known to
/// work have seen (`observed`) and as every plausible answer would (`strict`): each ends with
/// one "openclaw users" policy and two routes (or none after an uninstall), and the simulator
/// refuses none of pomclaw's requests. Each prints what it cost in Zero requests.
@Suite struct ZeroProfileScenarioTests {
    static let profiles = ["observed", "strict"]

    func start(_ profile: String) async throws -> SimulatedZero {
        try await SimulatedZero.start(knobs: try #require(Knobs.profile(named: profile)))
    }

    /// Ends the scenario step: one policy, `routes` routes, nothing refused; prints the cost.
    func expectEnd(
        _ zero: SimulatedZero, _ profile: String, _ step: String, policies: Int = 1, routes: Int = 2,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(zero.ownPolicies.count == policies, "\(step)", sourceLocation: sourceLocation)
        #expect(zero.routeCount == routes, "\(step)", sourceLocation: sourceLocation)
        #expect(zero.refused.isEmpty, "\(step): \(SimulatedZero.describe(zero.refused))", sourceLocation: sourceLocation)
        print("zero requests [\(profile)] \(step): \(zero.requestSummary)")
        zero.sim.clearRequests()
    }

    @Test(arguments: profiles) func aFreshInstallThenAConvergedReRun(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = await zero.install(in: directory.path)
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        expectEnd(zero, profile, "fresh install")
        let second = await zero.install(in: directory.path)
        #expect(second.report.exitCode == 0, "\(second.console.transcript)")
        #expect(zero.writes.isEmpty, "\(SimulatedZero.describe(zero.writes))")
        expectEnd(zero, profile, "converged re-run")
        await zero.stop()
    }

    @Test(arguments: profiles) func anOperatorEmailChangeAddsTheEmail(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        zero.sim.clearRequests()
        let run = await zero.install(in: directory.path, email: "new@example.com")
        #expect(run.report.exitCode == 0, "\(run.console.transcript)")
        let or = zero.ownPolicies.first?["ppl"]?["allow"]?["or"]?.arrayValue ?? []
        #expect(or.compactMap { $0["email"]?["is"]?.stringValue } == ["ops@example.com", "new@example.com"])
        #expect(zero.writes.map(\.method) == ["PUT"], "\(SimulatedZero.describe(zero.writes))")
        expectEnd(zero, profile, "operator email change")
        await zero.stop()
    }

    @Test(arguments: profiles) func accessAddThenRemove(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        zero.sim.clearRequests()
        for change in [AccessChange.add("friend@example.com"), .remove("friend@example.com")] {
            let context = zero.context(in: directory.path).context
            let plan = try await AccessEditor.plan(change, operatorEmail: "ops@example.com", context)
            try await AccessEditor.apply(plan, change: change, context)
            let wanted = change == .add("friend@example.com")
                ? ["ops@example.com", "friend@example.com"] : ["ops@example.com"]
            let or = zero.ownPolicies.first?["ppl"]?["allow"]?["or"]?.arrayValue ?? []
            #expect(or.compactMap { $0["email"]?["is"]?.stringValue } == wanted)
            expectEnd(zero, profile, "access \(change == .add("friend@example.com") ? "add" : "remove")")
        }
        await zero.stop()
    }

    @Test(arguments: profiles) func aDenyPolicyAttachedInTheConsoleStaysAcrossThreeReRuns(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        let deny = try zero.sim.createPolicy(org: zero.org, .object([
            "namespaceId": .string(zero.cluster.namespaceId), "name": .string("contractors out"), "enforced": .bool(false),
            "description": .string("d"), "explanation": .string("e"), "remediation": .string("r"),
            "ppl": .object(["deny": .object(["or": .array([.object(["domain": .object(["is": .string("contractor.example")])])])])]),
        ]))
        let denyID = try #require(deny["id"]?.stringValue)
        var web = try #require(zero.sim.routes(org: zero.org).first { $0["from"]?.stringValue == zero.webFrom }?.objectValue)
        let webID = try #require(web["id"]?.stringValue)
        web["policyIds"] = .array((web["policyIds"]?.arrayValue ?? []) + [.string(denyID)])
        try zero.sim.updateRoute(org: zero.org, id: webID, .object(web))
        zero.sim.clearRequests()
        for run in 1...3 {
            let outcome = await zero.install(in: directory.path)
            #expect(outcome.report.exitCode == 0, "run \(run): \(outcome.console.transcript)")
            #expect(zero.attached(from: zero.webFrom).contains(denyID), "run \(run) dropped the Console's deny policy")
            #expect(zero.writes.isEmpty, "run \(run): \(SimulatedZero.describe(zero.writes))")
            expectEnd(zero, profile, "re-run \(run) with a Console deny policy")
        }
        await zero.stop()
    }

    @Test(arguments: profiles) func anOriginalInstallIsAdoptedWithoutDuplicates(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The keys exist first, as the original installer's did; then its Zero objects.
        let keys = await Runner([EnvFileStep(), KeysStep()]).run(zero.context(in: directory.path).context)
        #expect(keys.exitCode == 0)
        try zero.seedOriginalInstall(keysIn: directory.path, email: "ops@example.com")
        zero.sim.clearRequests()
        let run = await zero.install(in: directory.path)
        #expect(run.report.exitCode == 0, "\(run.console.transcript)")
        #expect(!zero.writes.contains { $0.method == "POST" }, "\(SimulatedZero.describe(zero.writes))")
        let ssh = try #require(zero.sim.routes(org: zero.org).first { $0["from"]?.stringValue == "ssh://openclaw" })
        #expect(ssh["passIdentityHeaders"] == .bool(true))
        #expect(ssh["setRequestHeaders"]?["x-openclaw-scopes"] == .string("operator.admin"))
        expectEnd(zero, profile, "adoption of an original install")
        let again = await zero.install(in: directory.path)
        #expect(again.report.exitCode == 0)
        #expect(zero.writes.isEmpty, "\(SimulatedZero.describe(zero.writes))")
        expectEnd(zero, profile, "re-run after adoption")
        await zero.stop()
    }

    @Test(arguments: profiles) func uninstallTwice(_ profile: String) async throws {
        let zero = try await start(profile)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        zero.sim.clearRequests()
        for run in 1...2 {
            let context = zero.context(in: directory.path).context
            let items = try await UninstallSurvey.items(context, options: UninstallOptions())
            let results = await UninstallExecutor.run(items, context)
            #expect(UninstallResult.exitCode(results) == 0, "\(results.map(\.line))")
            let expected: [UninstallResult.Outcome] = run == 1
                ? [.alreadyAbsent, .removed, .removed, .removed, .kept, .kept]
                : [.alreadyAbsent, .alreadyAbsent, .alreadyAbsent, .alreadyAbsent, .kept, .kept]
            #expect(results.map(\.outcome) == expected, "\(results.map(\.line))")
            expectEnd(zero, profile, "uninstall \(run)", policies: 0, routes: 0)
        }
        await zero.stop()
    }
}
