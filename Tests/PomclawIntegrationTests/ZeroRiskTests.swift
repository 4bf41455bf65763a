import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// One test per risk of zero-api-audit.md §7 (R1–R9): the simulator answers as documented but
/// for the way the risk says the real API may answer, and pomclaw still converges, with
/// nothing refused.
@Suite struct ZeroRiskTests {
    /// Installs into a new directory under `knobs`; returns the simulator, the directory and
    /// the first run's outcome.
    func installed(
        _ knobs: Knobs, configure: (ZeroSimulator) -> Void = { _ in }
    ) async throws -> (SimulatedZero, TemporaryDirectory, SimulatedZero.Outcome) {
        let zero = try await SimulatedZero.start(knobs: knobs, configure: configure)
        let directory = try TemporaryDirectory()
        let outcome = await zero.install(in: directory.path)
        return (zero, directory, outcome)
    }

    /// A re-run that changes nothing: exit 0 and no write.
    func expectConvergedReRun(_ zero: SimulatedZero, _ directory: TemporaryDirectory, sourceLocation: SourceLocation = #_sourceLocation) async {
        zero.sim.clearRequests()
        let again = await zero.install(in: directory.path)
        #expect(again.report.exitCode == 0, "re-run: \(again.console.transcript)", sourceLocation: sourceLocation)
        #expect(zero.writes.isEmpty, "re-run wrote: \(SimulatedZero.describe(zero.writes))", sourceLocation: sourceLocation)
    }

    @Test func r1SettingsTheAPIMasksOrLeavesOutConvergeAndAReRunWritesNothing() async throws {
        var knobs = Knobs.friendly
        knobs.settingsKeys = .masked
        knobs.settingsStorage = .omitted
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.ownPolicies.count == 1 && zero.routeCount == 2)
        #expect(zero.sim.settings(cluster: zero.cluster)["databrokerStorageConnection"] == .string("file:///var/lib/pomerium"))
        await expectConvergedReRun(zero, directory)
        await zero.stop()
    }

    @Test func r2AnotherClaimMappingIsKeptWithATopLevelAdd() async throws {
        var knobs = Knobs.friendly
        knobs.patchTopLevelAddOnly = true
        let (zero, directory, first) = try await installed(knobs) { sim in
            let cluster = sim.clusters(org: sim.organizations[0])[0]
            sim.setSettings(cluster: cluster, ["jwtClaimsHeaders": .object(["x-pomerium-claim-groups": .string("groups")])])
        }
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.sim.settings(cluster: zero.cluster)["jwtClaimsHeaders"]
            == .object(["x-pomerium-claim-groups": .string("groups"), "x-pomerium-claim-email": .string("email")]))
        #expect(zero.refused.isEmpty, "\(SimulatedZero.describe(zero.refused))")
        await zero.stop()
    }

    @Test func r3SummaryListItemsWithoutNamespaceOrPolicyIdsGiveNoDuplicateAndKeepConsolePolicies() async throws {
        var knobs = Knobs.friendly
        knobs.summaryListItems = true
        knobs.listItemsWithoutNamespaceId = true
        knobs.routePolicyReferences = .policiesObjectsOnly
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        let extra = try zero.sim.createPolicy(org: zero.org, .object([
            "namespaceId": .string(zero.cluster.namespaceId), "name": .string("console extra"), "enforced": .bool(false),
            "ppl": .object(["deny": .object(["or": .array([.object(["email": .object(["is": .string("x@example.com")])])])])]),
        ]))
        let extraID = try #require(extra["id"]?.stringValue)
        var web = try #require(zero.sim.routes(org: zero.org).first { $0["from"]?.stringValue == zero.webFrom }?.objectValue)
        web["policyIds"] = .array((web["policyIds"]?.arrayValue ?? []) + [.string(extraID)])
        try zero.sim.updateRoute(org: zero.org, id: try #require(web["id"]?.stringValue), .object(web))
        await expectConvergedReRun(zero, directory)
        #expect(zero.ownPolicies.count == 1 && zero.routeCount == 2)
        #expect(zero.attached(from: zero.webFrom).contains(extraID))
        await zero.stop()
    }

    @Test func r4PutBodiesCarryNoNullAndNoServerField() async throws {
        var knobs = Knobs.friendly
        knobs.rejectReadOnlyFieldsOnPut = true
        knobs.serverOnlyField = true
        knobs.showUnsetFields = true
        knobs.rejectNullsOnWrite = true
        let (zero, directory, _) = try await installed(knobs)
        defer { directory.remove() }
        zero.sim.clearRequests()
        let change = await zero.install(in: directory.path, email: "new@example.com")
        #expect(change.report.exitCode == 0, "\(change.console.transcript)")
        #expect(zero.writes.map(\.method) == ["PUT"])
        #expect(zero.refused.isEmpty, "\(SimulatedZero.describe(zero.refused))")
        await zero.stop()
    }

    @Test func r5EmptyListsAnsweredNullAreEmpty() async throws {
        var knobs = Knobs.friendly
        knobs.nullForEmptyList = true
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.ownPolicies.count == 1 && zero.routeCount == 2)
        await zero.stop()
    }

    @Test func r6ATokenAnswerWithoutALifetimeStillLogsIn() async throws {
        var knobs = Knobs.friendly
        knobs.omitExpiresInSeconds = true
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.ownPolicies.count == 1 && zero.routeCount == 2)
        await zero.stop()
    }

    @Test func r7AnOrganizationThatRefusesIsSkipped() async throws {
        var knobs = Knobs.friendly
        knobs.forbiddenOrganization = true
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        let missing = await zero.install(in: directory.path, domain: "elsewhere.pomerium.app")
        #expect(missing.report.exitCode == 1)
        #expect(missing.console.transcript.contains("viewer-only"), "\(missing.console.transcript)")
        await zero.stop()
    }

    @Test func r8ClearingClusterSSHUsesOnlyTopLevelAddAndNamesTheConsolePageWhenRefused() async throws {
        var knobs = Knobs.friendly
        knobs.patchTopLevelAddOnly = true
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        let options = UninstallOptions(clearClusterSSH: true)
        let context = zero.context(in: directory.path).context
        let cleared = await UninstallExecutor.run(try await UninstallSurvey.items(context, options: options), context)
        #expect(cleared.first { $0.name == "cluster SSH settings" }?.outcome == .removed, "\(cleared.map(\.line))")
        #expect(zero.refused.isEmpty, "\(SimulatedZero.describe(zero.refused))")

        // An API that will not leave an SSH address without keys: the Console page is named.
        var refusing = knobs
        refusing.rejectEmptySSHKeysWhileAddressSet = true
        let (other, otherDirectory, _) = try await installed(refusing)
        defer { otherDirectory.remove() }
        let otherContext = other.context(in: otherDirectory.path).context
        let refused = await UninstallExecutor.run(try await UninstallSurvey.items(otherContext, options: options), otherContext)
        let item = try #require(refused.first { $0.name == "cluster SSH settings" })
        #expect(item.outcome == .failed)
        #expect(item.detail.contains("Settings → SSH"), "\(item.line)")
        await zero.stop()
        await other.stop()
    }

    @Test func r9ADeleteAnswered403ForAnObjectAlreadyGoneIsAlreadyAbsent() async throws {
        var knobs = Knobs.friendly
        knobs.unknownObjectStatus = 403
        let (zero, directory, first) = try await installed(knobs)
        defer { directory.remove() }
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        let context = zero.context(in: directory.path).context
        let items = try await UninstallSurvey.items(context, options: UninstallOptions())
        // Someone deletes the web route between the survey and the delete.
        let web = try #require(zero.sim.routes(org: zero.org).first { $0["from"]?.stringValue == zero.webFrom })
        try zero.sim.deleteRoute(org: zero.org, id: try #require(web["id"]?.stringValue))
        let results = await UninstallExecutor.run(items, context)
        #expect(results.first { $0.name.hasPrefix("web route") }?.outcome == .alreadyAbsent, "\(results.map(\.line))")
        #expect(UninstallResult.exitCode(results) == 0, "\(results.map(\.line))")
        await zero.stop()
    }
}
