import Foundation
import Testing
import ZeroSimulator

/// The knobs that make the simulator answer as the real API may (zero-api-audit.md §7), and
/// the profiles that combine them.
@Suite("Realism knobs")
struct RealismKnobTests {
    /// A policy and a web route attached to it, created through the API's own handlers.
    func seeded(_ fixture: Fixture) throws -> (policyId: String, routeId: String) {
        let policy = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let policyId = try #require(policy["id"]?.stringValue)
        let route = try fixture.sim.createRoute(org: fixture.org, .object(fixture.routeBody(policyIds: [policyId])))
        return (policyId, try #require(route["id"]?.stringValue))
    }

    func list(_ fixture: Fixture, _ token: String, _ kind: String) async throws -> HTTPResult {
        try await fixture.http.send("GET", fixture.orgPath("/\(kind)?namespaceId=\(fixture.cluster.namespaceId)"), token: token)
    }

    @Test("summary list items carry only id, name and from, without namespaceId; empty lists are null")
    func summaries() async throws {
        var knobs = Knobs()
        knobs.summaryListItems = true
        knobs.listItemsWithoutNamespaceId = true
        knobs.nullForEmptyList = true
        let fixture = try await Fixture.start(knobs: knobs)
        let token = try await fixture.login()
        #expect(try await list(fixture, token, "routes").text == "null")
        let (policyId, routeId) = try seeded(fixture)
        let routes = try await list(fixture, token, "routes").json
        #expect(routes == .array([.object([
            "id": .string(routeId), "name": .string("openclaw-web"),
            "from": .string("https://openclaw.trusted-dog-1049.pomerium.app"),
        ])]))
        #expect(try await list(fixture, token, "policies").json
            == .array([.object(["id": .string(policyId), "name": .string("openclaw users")])]))
        let whole = try await fixture.http.send("GET", fixture.orgPath("/routes/\(routeId)"), token: token)
        #expect(whole.json?["to"] != nil && whole.json?["namespaceId"] != nil, "a single GET stays whole")
        await fixture.sim.stop()
    }

    @Test("observed: policies objects instead of policyIds, unset fields shown, nulls refused, 403 for a deleted id")
    func observed() async throws {
        let fixture = try await Fixture.start(knobs: .observed)
        let token = try await fixture.login()
        let (policyId, routeId) = try seeded(fixture)
        let route = try #require(try await fixture.http.send("GET", fixture.orgPath("/routes/\(routeId)"), token: token).json)
        #expect(route["policyIds"] == nil)
        #expect(route["policies"] == .array([.object(["id": .string(policyId), "name": .string("openclaw users")])]))
        #expect(route["passIdentityHeaders"] == .bool(false))
        #expect(route["prefix"] == .string(""))
        #expect(route["mcp"] == .null)
        var echoed = try #require(route.objectValue)
        for field in ["id", "createdAt", "updatedAt", "policies", "enforcedPolicyIds", "enforcedPolicies"] { echoed[field] = nil }
        let refused = try await fixture.http.send("PUT", fixture.orgPath("/routes/\(routeId)"), token: token, json: .object(echoed))
        #expect(refused.status == 400 && refused.errorMessage == "mcp must not be null")
        let settings = try await fixture.http.send("GET", fixture.settingsPath, token: token)
        #expect(settings.json?["proxyLogLevel"] == .null)
        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/routes/\(routeId)"), token: token).status == 204)
        let gone = try await fixture.http.send("DELETE", fixture.orgPath("/routes/\(routeId)"), token: token)
        #expect(gone.status == 403 && gone.errorMessage == "viewer user required")
        let policy = try fixture.sim.createPolicy(org: fixture.org, .object([
            "namespaceId": .string(fixture.cluster.namespaceId), "name": .string("bare"), "enforced": .bool(false),
            "ppl": .object(["allow": .object(["or": .array([])])]),
        ]))
        #expect(policy["description"] == .string("null"))
        await fixture.sim.stop()
    }

    @Test("read-only and server-only fields are refused on PUT")
    func serverFields() async throws {
        var knobs = Knobs()
        knobs.rejectReadOnlyFieldsOnPut = true
        knobs.serverOnlyField = true
        let fixture = try await Fixture.start(knobs: knobs)
        let token = try await fixture.login()
        let (_, routeId) = try seeded(fixture)
        let route = try #require(try await fixture.http.send("GET", fixture.orgPath("/routes/\(routeId)"), token: token).json)
        #expect(route[Knobs.serverOnlyFieldName] != nil)
        var body = fixture.routeBody()
        body[Knobs.serverOnlyFieldName] = route[Knobs.serverOnlyFieldName]
        let server = try await fixture.http.send("PUT", fixture.orgPath("/routes/\(routeId)"), token: token, json: .object(body))
        #expect(server.status == 400 && server.errorMessage == "\(Knobs.serverOnlyFieldName) is set by the server")
        var readOnly = fixture.routeBody()
        readOnly["createdAt"] = route["createdAt"]
        let read = try await fixture.http.send("PUT", fixture.orgPath("/routes/\(routeId)"), token: token, json: .object(readOnly))
        #expect(read.status == 400 && read.errorMessage == "createdAt is read-only")
        await fixture.sim.stop()
    }

    @Test("settings: keys masked, storage left out, only top-level add, no empty keys beside an address")
    func settings() async throws {
        var knobs = Knobs()
        knobs.settingsKeys = .masked
        knobs.settingsStorage = .omitted
        knobs.patchTopLevelAddOnly = true
        knobs.rejectEmptySSHKeysWhileAddressSet = true
        let fixture = try await Fixture.start(knobs: knobs)
        let token = try await fixture.login()
        let ops = #"[{"op":"add","path":"/sshAddress","value":"0.0.0.0:22"},{"op":"add","path":"/sshHostKeys","value":["k1","k2"]},"#
            + #"{"op":"add","path":"/sshUserCaKey","value":"ca"},{"op":"add","path":"/jwtClaimsHeaders","value":{"a":"b"}},"#
            + #"{"op":"add","path":"/databrokerStorageConnection","value":"file:///var/lib/pomerium"}]"#
        let patched = try await fixture.http.send("PATCH", fixture.settingsPath, token: token, body: ops)
        #expect(patched.status == 200)
        #expect(patched.json?["sshHostKeys"] == .array([.string("********"), .string("********")]))
        #expect(patched.json?["sshUserCaKey"] == .string("********"))
        #expect(patched.json?["databrokerStorageConnection"] == nil)
        #expect(fixture.sim.settings(cluster: fixture.cluster)["databrokerStorageConnection"] == .string("file:///var/lib/pomerium"))
        for refused in [#"[{"op":"add","path":"/jwtClaimsHeaders/x","value":"y"}]"#, #"[{"op":"remove","path":"/sshAddress"}]"#,
                        #"[{"op":"add","path":"/sshHostKeys","value":[]}]"#] {
            #expect(try await fixture.http.send("PATCH", fixture.settingsPath, token: token, body: refused).status == 400, "\(refused)")
        }
        await fixture.sim.stop()
    }

    @Test("strict: the token answer has no lifetime, and an extra organization refuses its clusters")
    func strict() async throws {
        let fixture = try await Fixture.start(knobs: .strict)
        let answer = try await fixture.http.send(
            "POST", "/token", body: JSON.object(["refreshToken": .string(fixture.apiToken)]).text)
        #expect(answer.json?["idToken"] != nil && answer.json?["expiresInSeconds"] == nil)
        let token = try await fixture.login()
        let orgs = try #require(try await fixture.http.send("GET", "/organizations", token: token).json?.arrayValue)
        #expect(orgs.count == 2)
        let other = try #require(orgs.compactMap { $0["id"]?.stringValue }.first { $0 != fixture.org.id })
        let clusters = try await fixture.http.send("GET", "/organizations/\(other)/clusters", token: token)
        #expect(clusters.status == 403 && clusters.errorMessage == "viewer user required")
        #expect(Knobs.profile(named: "strict") == .strict && Knobs.profile(named: "nope") == nil)
        await fixture.sim.stop()
    }
}
