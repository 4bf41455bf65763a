import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ClusterPickerTests {
    static func cluster(_ name: String, _ created: String, org: String = "bOrg") -> ZeroCluster {
        ZeroCluster(
            id: "b\(name)", name: name, namespaceID: "bNs\(name)", fqdn: "\(name).pomerium.app",
            createdAt: created, organizationID: org)
    }

    let clusters = [
        cluster("old-fox-1", "2025-01-01T00:00:00.000000Z"),
        cluster("new-dog-2", "2026-03-01T00:00:00.000000Z"),
        cluster("mid-cat-3", "2025-09-01T00:00:00.000000Z", org: "bOther"),
    ]

    @Test func oneClusterIsUsedWithoutAsking() throws {
        let console = FakeConsole(canPrompt: true)
        let chosen = try ClusterPicker.choose(from: [clusters[0]], console: console, interactive: true)
        #expect(chosen == clusters[0])
        #expect(console.prompts.isEmpty)
        #expect(console.logLines.contains("info: Using cluster: old-fox-1 (old-fox-1.pomerium.app)"))
    }

    @Test func severalAreListedNewestFirstAndEnterTakesTheFirst() throws {
        let console = FakeConsole(canPrompt: true, answers: [""])
        let chosen = try ClusterPicker.choose(from: clusters, console: console, interactive: true)
        #expect(chosen.name == "new-dog-2")
        let rows = console.logLines.filter { $0.contains("  [") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("[1] new-dog-2") && rows[0].hasSuffix("<- default"))
        #expect(rows[1].contains("[2] mid-cat-3"))
        #expect(rows[2].contains("[3] old-fox-1"))
    }

    @Test func aNumberPicksAndInvalidInputAsksAgain() throws {
        let console = FakeConsole(canPrompt: true, answers: ["7", "x", "3"])
        let chosen = try ClusterPicker.choose(from: clusters, console: console, interactive: true)
        #expect(chosen.name == "old-fox-1")
        #expect(console.prompts.count == 3)
    }

    @Test func endOfInputIsAnError() {
        let console = FakeConsole(canPrompt: true, answers: [nil])
        #expect(throws: PomclawError.self) {
            try ClusterPicker.choose(from: clusters, console: console, interactive: true)
        }
    }

    @Test func withoutATerminalSeveralClustersAreListed() {
        do {
            _ = try ClusterPicker.choose(from: clusters, console: FakeConsole(), interactive: false)
            Issue.record("expected an error")
        } catch let error as PomclawError {
            #expect(error.message.contains("new-dog-2.pomerium.app"))
            #expect(error.nextAction.contains("--cluster-domain"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aGivenDomainIsMatchedAfterNormalising() throws {
        let found = try ClusterPicker.match(domain: " HTTPS://Mid-Cat-3.pomerium.app./ ", in: clusters)
        #expect(found.organizationID == "bOther")
    }

    @Test func anUnknownDomainListsTheRealOnes() {
        do {
            _ = try ClusterPicker.match(domain: "nope.pomerium.app", in: clusters)
            Issue.record("expected an error")
        } catch let error as PomclawError {
            for cluster in clusters { #expect(error.message.contains(cluster.fqdn)) }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func clustersOfEveryOrganizationAreListed() async throws {
        let api = FakeZeroAPI { handlers in
            handlers.organizations = { [ZeroOrganization(id: "bOrg", name: "a"), ZeroOrganization(id: "bOther", name: "b")] }
            handlers.clusters = { org in
                org == "bOrg" ? [ClusterPickerTests.cluster("one", "2025")] : [ClusterPickerTests.cluster("two", "2026", org: "bOther")]
            }
        }
        let all = try await ZeroSession.allClusters(api)
        #expect(all.map(\.name) == ["one", "two"])
        #expect(all.map(\.organizationID) == ["bOrg", "bOther"])
    }
}
