import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

@Suite struct SimulatedInstallTests {
    @Test func aFreshInstallConvergesAndAReRunOnlyReads() async throws {
        let zero = try await SimulatedZero.start()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let first = await zero.install(in: directory.path)
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.policyCount == 1)
        #expect(zero.routeCount == 2)
        let settings = zero.sim.settings(cluster: zero.cluster)
        #expect(settings["sshAddress"]?.stringValue == "0.0.0.0:22")
        #expect(settings["databrokerStorageConnection"]?.stringValue == "file:///var/lib/pomerium")

        zero.sim.clearRequests()
        let second = await zero.install(in: directory.path)
        #expect(second.report.exitCode == 0)
        let requests = zero.sim.requests
        #expect(zero.writes.isEmpty, "a converged re-run wrote: \(zero.writes.map { "\($0.method) \($0.path)" })")
        #expect(requests.allSatisfy { $0.method == "GET" || $0.path == "/api/v0/token" })
        // Login, organizations, clusters, settings, the two lists, and each object pomclaw
        // manages read whole (list items may be summaries).
        #expect(requests.count <= 9, "\(requests.map { "\($0.method) \($0.path)" })")
        await zero.stop()
    }

    @Test func aChangedEmailUpdatesThePolicy() async throws {
        let zero = try await SimulatedZero.start()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        let run = await zero.install(in: directory.path, email: "new@example.com")
        #expect(run.report.exitCode == 0)
        let policy = try #require(zero.sim.policies(org: zero.org).first)
        let emails = policy["ppl"]?["allow"]?["or"]?.arrayValue?.compactMap { $0["email"]?["is"]?.stringValue } ?? []
        #expect(emails == ["ops@example.com", "new@example.com"])
        #expect(zero.policyCount == 1)
        #expect(zero.writes.contains { $0.method == "PUT" && $0.path.contains("/policies/") })
        await zero.stop()
    }

    @Test func aRouteEditedToDropWebSocketsIsRepairedWithTheWritableFields() async throws {
        let zero = try await SimulatedZero.start()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = await zero.install(in: directory.path)
        let web = try #require(zero.sim.routes(org: zero.org).first { $0["name"]?.stringValue == "openclaw-web" })
        let id = try #require(web["id"]?.stringValue)
        var edited = try #require(web.objectValue)
        edited["allowWebsockets"] = .bool(false)
        edited["timeout"] = .string("90s")
        _ = try zero.sim.updateRoute(org: zero.org, id: id, .object(edited))

        zero.sim.clearRequests()
        let run = await zero.install(in: directory.path)
        #expect(run.report.exitCode == 0)
        let repaired = try #require(zero.sim.routes(org: zero.org).first { $0["id"]?.stringValue == id })
        #expect(repaired["allowWebsockets"] == .bool(true))
        // The PUT carries the writable fields only (zero-api-audit.md §7 R4), and says so.
        #expect(repaired["timeout"] == nil)
        #expect(run.console.transcript.contains("does not carry timeout"), "\(run.console.transcript)")
        #expect(zero.writes.map(\.method) == ["PUT"])
        #expect(zero.routeCount == 2)
        await zero.stop()
    }

    @Test func aClusterInTheSecondOrganizationIsFound() async throws {
        let zero = try await SimulatedZero.start()
        let other = zero.sim.addOrganization(name: "team")
        let teamCluster = zero.sim.addCluster(org: other, name: "team", domain: "busy-bee-77")
        // The same user token sees both organizations.
        let token = zero.sim.addAPIToken(orgs: [zero.org, other])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let time = FakeTimekeeper()
        let client = ZeroClient(
            baseURL: zero.baseURL, apiToken: Secret(token),
            transport: CurlTransport(version: "test"), time: time)
        let clusters = try await ZeroSession.allClusters(client)
        let found = try ClusterPicker.match(domain: "HTTPS://Busy-Bee-77.pomerium.app/", in: clusters)
        #expect(found.id == teamCluster.id)
        #expect(found.organizationID == other.id)
        await zero.stop()
    }

    @Test func anUnknownDomainListsTheRealClusters() async throws {
        let zero = try await SimulatedZero.start()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = await zero.install(in: directory.path, domain: "nope.pomerium.app")
        #expect(run.report.exitCode == 1)
        #expect(run.console.transcript.contains("trusted-dog-1049.pomerium.app"))
        #expect(run.console.transcript.contains("not found"))
        #expect(zero.policyCount == 0)
        await zero.stop()
    }

    @Test func noSecretReachesTheOutput() async throws {
        let zero = try await SimulatedZero.start {
            $0.inject("GET /api/v0/organizations/*/routes", count: 5, .status(503, retryAfter: "1"))
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let failed = await zero.install(in: directory.path)
        #expect(failed.report.exitCode == 1)
        let passed = await zero.install(in: directory.path)
        #expect(passed.report.exitCode == 0)
        let transcript = failed.console.transcript + passed.console.transcript
        var secrets = [zero.apiToken, SimulatedZero.zeroToken] + zero.sim.issuedIDTokens
        for name in ["pomerium_user_ca_key", "ssh_host_ed25519_key", "ssh_host_rsa_key", "ssh_host_ecdsa_key"] {
            let text = try String(contentsOfFile: directory.file("keys/\(name)"), encoding: .utf8)
            secrets += text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
        }
        #expect(secrets.count > 10)
        for secret in secrets { #expect(!transcript.contains(secret)) }
        await zero.stop()
    }

    @Test func anAPIThatNeverReturnsSSHKeysStillConverges() async throws {
        let zero = try await SimulatedZero.start { $0.knobs.settingsKeys = .omitted }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = await zero.install(in: directory.path)
        #expect(first.report.exitCode == 0, "\(first.console.transcript)")
        #expect(zero.sim.settings(cluster: zero.cluster)["sshUserCaKey"] != nil)
        let state = try String(contentsOfFile: directory.file(".pomclaw/state.json"), encoding: .utf8)
        #expect(state.contains(zero.cluster.id))
        #expect(!state.contains("PRIVATE KEY"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.file(".pomclaw/state.json"))
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: directory.file(".pomclaw"))
        #expect(folder[.posixPermissions] as? Int == 0o700)

        zero.sim.clearRequests()
        let second = await zero.install(in: directory.path)
        #expect(second.report.exitCode == 0)
        #expect(zero.writes.isEmpty)

        // Without the record, pomclaw cannot tell and pushes the keys again (idempotent).
        try FileManager.default.removeItem(atPath: directory.file(".pomclaw/state.json"))
        zero.sim.clearRequests()
        let third = await zero.install(in: directory.path)
        #expect(third.report.exitCode == 0)
        #expect(zero.writes.map(\.method) == ["PATCH"])
        await zero.stop()
    }
}
