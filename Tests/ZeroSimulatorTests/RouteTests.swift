import Foundation
import Testing
import ZeroSimulator

@Suite("Routes")
struct RouteTests {
    @Test("create, list, get, update, delete; policies and policy.routes stay in sync")
    func lifecycle() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let policy = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody())
        let policyId = try #require(policy["id"]?.stringValue)
        var body = fixture.routeBody(policyIds: [policyId])
        body["passIdentityHeaders"] = .bool(true)
        body["setRequestHeaders"] = .object(["x-openclaw-scopes": .string("operator.admin")])
        let created = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token, json: .object(body))
        #expect(created.status == 201)
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(created.json?["policies"] == .array([.object(["id": .string(policyId), "name": .string("openclaw users")])]))
        #expect(created.json?["passIdentityHeaders"] == .bool(true))
        #expect(created.json?["enforcedPolicyIds"] == .array([]))
        #expect(fixture.sim.policies(org: fixture.org).first?["routes"]
                == .array([.object(["id": .string(id), "name": .string("openclaw-web")])]))

        let list = try await fixture.http.send("GET", fixture.orgPath("/routes?namespaceId=\(fixture.cluster.namespaceId)"),
                                               token: token)
        #expect(list.json == .array([try #require(created.json)]))

        var edited = try #require(created.json?.objectValue)
        edited["policyIds"] = .array([])
        edited["passIdentityHeaders"] = nil
        edited["timeout"] = .string("30s")
        let updated = try await fixture.http.send("PUT", fixture.orgPath("/routes/\(id)"), token: token, json: .object(edited))
        #expect(updated.status == 200)
        #expect(updated.json?["passIdentityHeaders"] == nil, "unset stays unset (tri-state)")
        #expect(updated.json?["timeout"] == .string("30s"), "unknown fields round-trip")
        #expect(updated.json?["policies"] == .array([]))
        #expect(fixture.sim.policies(org: fixture.org).first?["routes"] == .array([]))

        #expect(try await fixture.http.send("DELETE", fixture.orgPath("/routes/\(id)"), token: token).status == 204)
        #expect(try await fixture.http.send("GET", fixture.orgPath("/routes/\(id)"), token: token).status == 404)
        #expect(fixture.sim.routes(org: fixture.org).isEmpty)
    }

    @Test("each of the seven booleans is required, named in the error", arguments: [
        "allowWebsockets", "allowSpdy", "enableGoogleCloudServerlessAuthentication", "preserveHostHeader",
        "showErrorDetails", "tlsSkipVerify", "tlsUpstreamAllowRenegotiation",
    ])
    func sevenBooleans(field: String) async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        var body = fixture.routeBody()
        body.removeValue(forKey: field)
        let missing = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token, json: .object(body))
        #expect(missing.status == 400)
        #expect(missing.errorMessage == "\(field) is required")
        body[field] = .string("false")
        let wrongType = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token, json: .object(body))
        #expect(wrongType.status == 400)
        #expect(wrongType.errorMessage?.contains(field) == true)
        body.removeValue(forKey: field)
        fixture.sim.knobs.requireSevenBooleans = false
        #expect(try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token, json: .object(body)).status == 201)
    }

    @Test("validation of from, to, policyIds, passIdentityHeaders", arguments: [
        ("from", JSON.string("https://openclaw.example.com/path"), "from"),
        ("from", JSON.string("ftp://openclaw"), "from"),
        ("from", JSON.string("not a url"), "from"),
        ("to", JSON.array([]), "to"),
        ("to", JSON.string("http://a:1"), "to"),
        ("policyIds", JSON.array([.string("bNoSuchPolicyxxxxxxxxxxxxxx")]), "bNoSuchPolicyxxxxxxxxxxxxxx"),
        ("passIdentityHeaders", JSON.string("true"), "passIdentityHeaders"),
        ("name", JSON.number(3), "name"),
        ("namespaceId", JSON.string("bOtherNamespacexxxxxxxxxxxx"), "namespaceId"),
    ])
    func validation(field: String, value: JSON, named: String) async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        var body = fixture.routeBody()
        body[field] = value
        let result = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token, json: .object(body))
        #expect(result.status == 400)
        #expect(result.errorMessage?.contains(named) == true)
        #expect(fixture.sim.routes(org: fixture.org).isEmpty)
    }

    @Test("ssh and tcp routes are accepted")
    func sshRoute() throws {
        let sim = ZeroSimulator()
        let org = sim.addOrganization(name: "o")
        let cluster = sim.addCluster(org: org, name: "c", domain: "d")
        var body: [String: JSON] = [
            "namespaceId": .string(cluster.namespaceId), "name": .string("openclaw-ssh"), "from": .string("ssh://openclaw"),
            "to": .array([.string("ssh://openclaw-gateway:22")]),
        ]
        for field in ["allowWebsockets", "allowSpdy", "enableGoogleCloudServerlessAuthentication", "preserveHostHeader",
                      "showErrorDetails", "tlsSkipVerify", "tlsUpstreamAllowRenegotiation"] {
            body[field] = .bool(false)
        }
        let route = try sim.createRoute(org: org, .object(body))
        #expect(route["from"] == .string("ssh://openclaw"))
        body["from"] = .string("tcp+https://db.d.pomerium.app:5432")
        #expect(throws: Never.self) { try sim.createRoute(org: org, .object(body)) }
    }

    @Test("enforced policies of the namespace and its ancestors are listed on routes")
    func enforced() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        var rootPolicy = try #require(fixture.policyBody(name: "org-wide", enforced: true).objectValue)
        rootPolicy["namespaceId"] = .string(fixture.org.id)
        let orgWide = try fixture.sim.createPolicy(org: fixture.org, .object(rootPolicy))
        let clusterWide = try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody(name: "cluster", enforced: true))
        try fixture.sim.createPolicy(org: fixture.org, fixture.policyBody(name: "not enforced"))
        let route = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token,
                                                json: .object(fixture.routeBody()))
        let ids = Set(route.json?["enforcedPolicyIds"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let expected = Set([orgWide["id"]?.stringValue, clusterWide["id"]?.stringValue].compactMap { $0 })
        #expect(expected.count == 2)
        #expect(ids == expected)
        #expect(route.json?["enforcedPolicies"]?.arrayValue?.count == 2)
        let routeId = try #require(route.json?["id"]?.stringValue)
        #expect(fixture.sim.policies(org: fixture.org).first?["enforcedRoutes"]?.arrayValue?.first?["id"] == .string(routeId))
    }

    @Test("knobs: duplicate from → 409; read-only fields on PUT → 400")
    func knobs() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let first = try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token,
                                                json: .object(fixture.routeBody()))
        #expect(try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token,
                                            json: .object(fixture.routeBody())).status == 201, "duplicates allowed by default")
        fixture.sim.knobs.rejectDuplicateFrom = true
        #expect(try await fixture.http.send("POST", fixture.orgPath("/routes"), token: token,
                                            json: .object(fixture.routeBody())).status == 409)
        fixture.sim.knobs.rejectDuplicateFrom = false
        let id = try #require(first.json?["id"]?.stringValue)
        fixture.sim.knobs.rejectReadOnlyFieldsOnPut = true
        let withReadOnly = try await fixture.http.send("PUT", fixture.orgPath("/routes/\(id)"), token: token,
                                                       json: try #require(first.json))
        #expect(withReadOnly.status == 400)
        #expect(try await fixture.http.send("PUT", fixture.orgPath("/routes/\(id)"), token: token,
                                            json: .object(fixture.routeBody())).status == 200)
    }

    @Test("Console edits through the Swift API are visible over HTTP and validated")
    func consoleEdit() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let created = try fixture.sim.createRoute(org: fixture.org, .object(fixture.routeBody()))
        let id = try #require(created["id"]?.stringValue)
        var edited = fixture.routeBody()
        edited["allowWebsockets"] = .bool(true)
        try fixture.sim.updateRoute(org: fixture.org, id: id, .object(edited))
        let fetched = try await fixture.http.send("GET", fixture.orgPath("/routes/\(id)"), token: token)
        #expect(fetched.json?["allowWebsockets"] == .bool(true))
        edited["to"] = .array([])
        #expect(throws: ZeroSimulatorError.rejected(status: 400, message: "to must be a non-empty array of URLs")) {
            try fixture.sim.updateRoute(org: fixture.org, id: id, .object(edited))
        }
    }
}
