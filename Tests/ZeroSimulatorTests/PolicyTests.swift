import Foundation
import Testing
import ZeroSimulator

@Suite("Policies")
struct PolicyTests {
    @Test("create, list by namespace, get, update, delete")
    func lifecycle() async throws {
        let clock = TestClock()
        let fixture = try await Fixture.start(clock: { clock.now })
        let token = try await fixture.login()
        let created = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token,
                                                  json: fixture.policyBody())
        #expect(created.status == 201)
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(id.wholeMatch(of: /b[A-Za-z]{26}/) != nil)
        #expect(created.json?["createdAt"] == created.json?["updatedAt"])
        #expect(created.json?["routes"] == .array([]))
        #expect(created.json?["enforcedRoutes"] == .array([]))
        #expect(created.json?["ppl"] == fixture.policyBody()["ppl"])

        let list = try await fixture.http.send("GET", fixture.orgPath("/policies?namespaceId=\(fixture.cluster.namespaceId)"),
                                               token: token)
        #expect(list.json?.arrayValue?.count == 1)
        let root = try await fixture.http.send("GET", fixture.orgPath("/policies?namespaceId=\(fixture.org.id)"), token: token)
        #expect(root.json == .array([]))
        let descendants = try await fixture.http.send(
            "GET", fixture.orgPath("/policies?namespaceId=\(fixture.org.id)&includeDescendants=true"), token: token)
        #expect(descendants.json?.arrayValue?.count == 1)

        clock.advance(5)
        var changed = fixture.policyBody(name: "renamed")
        if case .object(var members) = changed {
            members["routes"] = .array([])
            members["id"] = .string(id)
            changed = .object(members)
        }
        let updated = try await fixture.http.send("PUT", fixture.orgPath("/policies/\(id)"), token: token, json: changed)
        #expect(updated.status == 200)
        #expect(updated.json?["name"] == .string("renamed"))
        #expect(updated.json?["createdAt"] == created.json?["createdAt"])
        #expect(updated.json?["updatedAt"] != created.json?["updatedAt"])
        let fetched = try await fixture.http.send("GET", fixture.orgPath("/policies/\(id)"), token: token)
        #expect(fetched.json == updated.json)

        let deleted = try await fixture.http.send("DELETE", fixture.orgPath("/policies/\(id)"), token: token)
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try await fixture.http.send("GET", fixture.orgPath("/policies/\(id)"), token: token).status == 404)
        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/policies/\(id)"), token: token).status == 404)
        #expect(try await fixture.http.send("PUT", fixture.orgPath("/policies/\(id)"), token: token,
                                            json: fixture.policyBody()).status == 404)
    }

    @Test("validation: required fields, ppl as string, enforced type, unknown namespace", arguments: [
        ("namespaceId", JSON.null, "namespaceId"),
        ("name", JSON.string(""), "name"),
        ("ppl", JSON.string(#"{"allow":{}}"#), "ppl"),
        ("enforced", JSON.string("false"), "enforced"),
        ("namespaceId", JSON.string("bUnknownNamespaceIdxxxxxxxx"), "namespaceId"),
        ("description", JSON.number(1), "description"),
    ])
    func validation(field: String, value: JSON, named: String) async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        var body = try #require(fixture.policyBody().objectValue)
        if value == .null { body.removeValue(forKey: field) } else { body[field] = value }
        let result = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: .object(body))
        #expect(result.status == 400)
        #expect(result.errorMessage?.contains(named) == true)
        #expect(fixture.sim.policies(org: fixture.org).isEmpty)
    }

    @Test("texts default to empty; strictPolicyText requires them")
    func strictText() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        var body = try #require(fixture.policyBody().objectValue)
        body.removeValue(forKey: "remediation")
        let lenient = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: .object(body))
        #expect(lenient.status == 201)
        #expect(lenient.json?["remediation"] == .string(""))
        fixture.sim.knobs.strictPolicyText = true
        let strict = try await fixture.http.send("POST", fixture.orgPath("/policies"), token: token, json: .object(body))
        #expect(strict.status == 400)
        #expect(strict.errorMessage == "remediation is required")
    }

    @Test("ppl may be an array")
    func pplArray() async throws {
        let fixture = try await Fixture.start()
        var body = try #require(fixture.policyBody().objectValue)
        body["ppl"] = .array([.object(["allow": .object(["and": .array([])])])])
        let created = try fixture.sim.createPolicy(org: fixture.org, .object(body))
        #expect(created["ppl"] == body["ppl"])
    }

    @Test("deleting a referenced policy detaches it (knob: refuses)")
    func deleteReferenced() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let policy = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let policyId = try #require(policy["id"]?.stringValue)
        let route = try fixture.sim.createRoute(org: fixture.org, .object(fixture.routeBody(policyIds: [policyId])))
        let routeId = try #require(route["id"]?.stringValue)
        fixture.sim.knobs.rejectDeletingReferencedPolicy = true
        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/policies/\(policyId)"), token: token).status == 400)
        fixture.sim.knobs.rejectDeletingReferencedPolicy = false
        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/policies/\(policyId)"), token: token).status == 204)
        let after = try await fixture.http.send("GET", fixture.orgPath("/routes/\(routeId)"), token: token)
        #expect(after.json?["policyIds"] == .array([]))
        #expect(after.json?["policies"] == .array([]))
    }

    @Test("knob: read-only fields on PUT are rejected")
    func readOnlyOnPut() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let policy = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let id = try #require(policy["id"]?.stringValue)
        fixture.sim.knobs.rejectReadOnlyFieldsOnPut = true
        let result = try await fixture.http.send("PUT", fixture.orgPath("/policies/\(id)"), token: token, json: policy)
        #expect(result.status == 400)
        #expect(result.errorMessage?.contains("read-only") == true)
        #expect(try await fixture.http.send("PUT", fixture.orgPath("/policies/\(id)"), token: token,
                                            json: fixture.policyBody()).status == 200)
    }

    @Test("knob: lists without namespaceId are 400; by default they cover the whole org")
    func listWithoutNamespace() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let all = try await fixture.http.send("GET", fixture.orgPath("/policies"), token: token)
        #expect(all.json?.arrayValue?.count == 1)
        fixture.sim.knobs.requireNamespaceIdOnList = true
        #expect(try await fixture.http.send("GET", fixture.orgPath("/policies"), token: token).status == 400)
        #expect(try await fixture.http.send("GET", fixture.orgPath("/routes"), token: token).status == 400)
    }
}
