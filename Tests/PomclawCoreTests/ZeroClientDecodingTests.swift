import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ZeroClientDecodingTests {
    typealias H = ZeroHarness

    @Test func organizationsSkipItemsWithoutAnID() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", "/organizations",
            .ok(#"""
                [{"id":"bOne","name":"personal","role":"admin","createdAt":"2024-01-17T20:07:47.794672Z"},
                 {"id":"bTwo"},
                 {"id":"","name":"empty"}, {"id":"null","name":"null"}, {"name":"none"}, {"id":7},
                 "junk", null]
                """#))
        let orgs = try await h.client.organizations()
        #expect(orgs == [
            ZeroOrganization(id: "bOne", name: "personal"), ZeroOrganization(id: "bTwo", name: ""),
        ])
    }

    @Test func clustersTreatEmptyNullAndAbsentAlike() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", H.orgPath("clusters"),
            .ok(#"""
                [{"id":"bC1","name":"home","namespaceId":"bNs1","domain":"trusted-dog-1049",
                  "fqdn":"trusted-dog-1049.pomerium.app","createdAt":"2024-01-17T20:07:49.173932Z",
                  "hasFailingHealthChecks":false},
                 {"id":"bC2","name":"null","namespaceId":"","fqdn":null}]
                """#))
        let clusters = try await h.client.clusters(organizationID: H.org)
        #expect(clusters == [
            ZeroCluster(
                id: "bC1", name: "home", namespaceID: "bNs1", fqdn: "trusted-dog-1049.pomerium.app",
                createdAt: "2024-01-17T20:07:49.173932Z", organizationID: H.org),
            ZeroCluster(
                id: "bC2", name: "", namespaceID: "", fqdn: "", createdAt: "",
                organizationID: H.org),
        ])
    }

    @Test func settingsComeBackAsTheObjectSent() async throws {
        let h = ZeroHarness()
        h.transport.on(
            "GET", H.orgPath("clusters/\(H.cluster)/settings"),
            .ok(#"{"id":"bSet","sshAddress":"0.0.0.0:22","jwtClaimsHeaders":{"x":"email"},"autoApplyChangesets":true}"#))
        let settings = try await h.client.clusterSettings(organizationID: H.org, clusterID: H.cluster)
        #expect(settings == [
            "id": "bSet", "sshAddress": "0.0.0.0:22", "jwtClaimsHeaders": ["x": "email"],
            "autoApplyChangesets": true,
        ])
    }

    @Test func settingsThatAreNotAnObjectAreMalformed() async throws {
        let h = ZeroHarness(retryPolicy: ZeroRetryPolicy(maxAttempts: 2))
        h.transport.always("GET", H.orgPath("clusters/\(H.cluster)/settings"), .ok("[]"))
        let error = try await #require(throws: ZeroAPIError.self) {
            _ = try await h.client.clusterSettings(organizationID: H.org, clusterID: H.cluster)
        }
        #expect(error.kind == .malformedResponse)
        #expect(error.attempts == 2)
    }

    @Test func policiesAndRoutesAreReFilteredByNamespace() async throws {
        let h = ZeroHarness()
        let list = #"""
            [{"id":"bA","namespaceId":"bNs","name":"mine"},
             {"id":"bB","namespaceId":"bOther","name":"child namespace"},
             {"id":"bC","name":"no namespace"},
             {"namespaceId":"bNs","name":"no id"},
             {"id":"bD","namespaceId":"bNs","name":"also mine","ppl":{"allow":{"or":[]}}}]
            """#
        h.transport.on("GET", H.orgPath("policies"), .ok(list))
        h.transport.on("GET", H.orgPath("routes"), .ok(list))
        let policies = try await h.client.policies(organizationID: H.org, namespaceID: "bNs")
        let routes = try await h.client.routes(organizationID: H.org, namespaceID: "bNs")
        // An item that does not say its namespace is kept: the server filtered by the query
        // (zero-api-audit.md §7 R3); one of another namespace is not.
        #expect(policies.map { $0["id"] } == ["bA", "bC", "bD"])
        #expect(routes.map { $0["id"] } == ["bA", "bC", "bD"])
        #expect(policies.last?["ppl"] == ["allow": ["or": []]])
        let queries = h.transport.requests.dropFirst().map(h.transport.pathAndQuery(of:))
        #expect(queries == [
            H.orgPath("policies") + "?namespaceId=bNs", H.orgPath("routes") + "?namespaceId=bNs",
        ])
    }

    @Test func emptyListsAnsweredNullAreEmpty() async throws {
        let h = ZeroHarness()
        h.transport.on("GET", H.orgPath("policies"), .ok("null"))
        h.transport.on("GET", H.orgPath("routes"), .ok("null"))
        h.transport.on("GET", "/organizations", .ok("null"))
        #expect(try await h.client.organizations().isEmpty)
        #expect(try await h.client.policies(organizationID: H.org, namespaceID: "bNs").isEmpty)
        #expect(try await h.client.routes(organizationID: H.org, namespaceID: "bNs").isEmpty)
    }

    @Test func putAndPostBodiesLeaveOutReadOnlyFields() async throws {
        let h = ZeroHarness()
        let fromGet: JSONObject = [
            "id": "bR", "createdAt": "2024-01-17T20:07:49.173932Z", "updatedAt": "x",
            "policies": [["id": "bP", "name": "p"]], "enforcedPolicyIds": ["bE"],
            "enforcedPolicies": [], "mcp": nil, "routes": [], "enforcedRoutes": [],
            "namespaceId": "bNs", "name": "openclaw-web", "from": "https://openclaw.example",
            "to": ["http://openclaw-gateway:18789"], "policyIds": ["bP"], "timeout": "30s",
            "allowWebsockets": true, "setRequestHeaders": ["x-openclaw-scopes": "operator.admin"],
        ]
        h.transport.on("PUT", H.orgPath("routes/bR"), .ok(#"{"id":"bR","name":"openclaw-web"}"#))
        h.transport.on("POST", H.orgPath("routes"), .json(201, #"{"id":"bNew"}"#))
        let updated = try await h.client.updateRoute(organizationID: H.org, id: "bR", body: fromGet)
        let created = try await h.client.createRoute(organizationID: H.org, body: fromGet)
        #expect(updated == ["id": "bR", "name": "openclaw-web"])
        #expect(created == ["id": "bNew"])
        let expected: JSONValue = [
            "namespaceId": "bNs", "name": "openclaw-web", "from": "https://openclaw.example",
            "to": ["http://openclaw-gateway:18789"], "policyIds": ["bP"], "timeout": "30s",
            "allowWebsockets": true, "setRequestHeaders": ["x-openclaw-scopes": "operator.admin"],
        ]
        #expect(h.transport.requests("PUT", H.orgPath("routes/bR")).first?.jsonBody == expected)
        #expect(h.transport.requests("POST", H.orgPath("routes")).first?.jsonBody == expected)
    }

    @Test func patchSendsTheOperationsAndIgnoresTheAnswer() async throws {
        let h = ZeroHarness()
        let path = H.orgPath("clusters/\(H.cluster)/settings")
        h.transport.on("PATCH", path, .ok("this is not json"))
        try await h.client.patchClusterSettings(
            organizationID: H.org, clusterID: H.cluster,
            operations: [
                .init(.add, "/sshAddress", "0.0.0.0:22"),
                .init(.add, "/jwtClaimsHeaders", ["x-pomerium-claim-email": "email"]),
                .init(.remove, "/old"),
            ])
        let request = try #require(h.transport.requests("PATCH", path).first)
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.jsonBody == [
            ["op": "add", "path": "/sshAddress", "value": "0.0.0.0:22"],
            ["op": "add", "path": "/jwtClaimsHeaders", "value": ["x-pomerium-claim-email": "email"]],
            ["op": "remove", "path": "/old"],
        ])
        #expect(h.time.sleeps.isEmpty)
    }

    @Test func deletesAcceptAnEmptyAnswer() async throws {
        let h = ZeroHarness()
        h.transport.on("DELETE", H.orgPath("policies/bP"), .json(204, ""))
        try await h.client.deletePolicy(organizationID: H.org, id: "bP")
        #expect(h.transport.requests.last?.body == nil)
    }

    @Test func aDeletedObjectIsA404() async throws {
        let h = ZeroHarness()
        h.transport.on("DELETE", H.orgPath("routes/bGone"), .json(404, #"{"error":"not found"}"#))
        let error = try await #require(throws: ZeroAPIError.self) {
            try await h.client.deleteRoute(organizationID: H.org, id: "bGone")
        }
        #expect(error.kind == .status(404))
        #expect(error.call == "DELETE \(H.orgPath("routes/bGone"))")
    }

    @Test func pathSegmentsAndQueryValuesArePercentEncoded() async throws {
        let h = ZeroHarness()
        let org = "b/../x y?#%"
        h.transport.on("GET", "/organizations/b%2F..%2Fx%20y%3F%23%25/routes", .ok("[]"))
        h.transport.on("PUT", "/organizations/b%2F..%2Fx%20y%3F%23%25/policies/p%C3%A9%2F1", .ok("{}"))
        _ = try await h.client.routes(organizationID: org, namespaceID: "a&b=c d+é")
        _ = try await h.client.updatePolicy(organizationID: org, id: "pé/1", body: [:])
        h.transport.on("DELETE", "/organizations/%2E%2E/routes/%2E", .json(204, ""))
        try await h.client.deleteRoute(organizationID: "..", id: ".")
        let paths = h.transport.requests.dropFirst().map(h.transport.pathAndQuery(of:))
        #expect(paths == [
            "/organizations/b%2F..%2Fx%20y%3F%23%25/routes?namespaceId=a%26b%3Dc%20d%2B%C3%A9",
            "/organizations/b%2F..%2Fx%20y%3F%23%25/policies/p%C3%A9%2F1",
            "/organizations/%2E%2E/routes/%2E",
        ])
        #expect(h.transport.unused.isEmpty)
    }
}
