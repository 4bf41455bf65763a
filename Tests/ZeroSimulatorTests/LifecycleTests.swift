import Foundation
import Testing
import ZeroSimulator

@Suite("Lifecycle and seeding")
struct LifecycleTests {
    @Test("start binds 127.0.0.1 on a free port; stop closes it; restart keeps state")
    func startStop() async throws {
        let sim = ZeroSimulator()
        let org = sim.addOrganization(name: "personal")
        let apiToken = sim.addAPIToken(org: org)
        #expect(sim.baseURL == nil)
        let base = try await sim.start()
        #expect(base.absoluteString == "http://127.0.0.1:\(try #require(sim.port))/api/v0")
        #expect(sim.baseURL == base)
        await #expect(throws: ZeroSimulatorError.alreadyRunning) { try await sim.start() }
        _ = try await TestHTTP(base: base).idToken(apiToken)
        await sim.stop()
        #expect(sim.port == nil)
        await #expect(throws: (any Error).self) { _ = try await TestHTTP(base: base).idToken(apiToken) }
        let again = try await sim.start()
        let token = try await TestHTTP(base: again).idToken(apiToken)
        #expect(sim.issuedIDTokens.contains(token))
        await sim.stop()
    }

    @Test("a taken port is a start failure, not a hang")
    func portTaken() async throws {
        let first = ZeroSimulator()
        let base = try await first.start()
        let second = ZeroSimulator()
        await #expect(throws: (any Error).self) { try await second.start(port: try #require(base.port)) }
        await first.stop()
    }

    @Test("ids are b + 26 letters; timestamps have six fractional digits in UTC")
    func idsAndTimes() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_705_522_069.173932))
        let sim = ZeroSimulator(clock: { clock.now })
        let org = sim.addOrganization(name: "o")
        let cluster = sim.addCluster(org: org, name: "c", domain: "d")
        #expect(org.id.wholeMatch(of: /b[A-Za-z]{26}/) != nil)
        #expect(cluster.id.wholeMatch(of: /b[A-Za-z]{26}/) != nil)
        #expect(cluster.fqdn == "d.pomerium.app")
        let policy = try sim.createPolicy(org: org, .object([
            "namespaceId": .string(cluster.namespaceId), "name": .string("p"), "enforced": .bool(false),
            "ppl": .object([:]),
        ]))
        #expect(policy["createdAt"] == .string("2024-01-17T20:07:49.173932Z"))
    }

    @Test("a JSON fixture seeds orgs, clusters with settings, and multi-org tokens")
    func fixture() async throws {
        let text = """
            {"organizations": [
               {"name": "personal", "id": "bPersonalOrgIdxxxxxxxxxxxxx",
                "clusters": [{"name": "home", "domain": "trusted-dog-1049", "createdAt": "2024-01-17T20:07:49.173932Z",
                              "settings": {"logLevel": "info", "autoApplyChangesets": true}},
                             {"name": "lab", "domain": "lab-7"}]},
               {"name": "acme"}],
             "apiTokens": [{"token": "api-token-one", "organizations": ["personal", "acme"]}]}
            """
        let sim = ZeroSimulator()
        try sim.load(SimFixture.decode(Data(text.utf8)))
        #expect(sim.organizations.map(\.name) == ["personal", "acme"])
        let personal = try #require(sim.organizations.first)
        #expect(personal.id == "bPersonalOrgIdxxxxxxxxxxxxx")
        let clusters = sim.clusters(org: personal)
        #expect(clusters.map(\.fqdn) == ["trusted-dog-1049.pomerium.app", "lab-7.pomerium.app"])
        #expect(sim.settings(cluster: clusters[0])["logLevel"] == .string("info"))
        let dumped = try #require(sim.dump()["organizations"]?.arrayValue?.first)
        #expect(dumped["clusters"]?.arrayValue?.first?["settings"]?["autoApplyChangesets"] == .bool(true))
        #expect(dumped["namespaces"]?.arrayValue?.count == 3)
        #expect(!sim.dump().text.contains("api-token-one"))
        let base = try await sim.start()
        let http = TestHTTP(base: base)
        let token = try await http.idToken("api-token-one")
        let orgs = try await http.send("GET", "/organizations", token: token)
        #expect(orgs.json?.arrayValue?.count == 2)
        let list = try await http.send("GET", "/organizations/\(personal.id)/clusters", token: token)
        #expect(list.json?.arrayValue?.first?["createdAt"] == .string("2024-01-17T20:07:49.173932Z"))
        await sim.stop()

        let bad = #"{"organizations": [], "apiTokens": [{"token": "t", "organizations": ["nobody"]}]}"#
        #expect(throws: ZeroSimulatorError.unknown("organization nobody in apiTokens")) {
            try ZeroSimulator().load(SimFixture.decode(Data(bad.utf8)))
        }
        #expect(throws: ZeroSimulatorError.self) { try SimFixture.decode(Data("[]".utf8)) }
    }
}
