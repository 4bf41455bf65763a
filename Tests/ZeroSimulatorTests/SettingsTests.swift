import Foundation
import Testing
import ZeroSimulator

@Suite("Settings")
struct SettingsTests {
    private func patch(_ fixture: Fixture, _ token: String, _ ops: String,
                       contentType: String? = "application/json") async throws -> HTTPResult {
        try await fixture.http.send("PATCH", fixture.settingsPath, token: token, body: ops, contentType: contentType)
    }

    @Test("a fresh cluster's settings are empty apart from their own id")
    func freshSettings() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let result = try await fixture.http.send("GET", fixture.settingsPath, token: token)
        #expect(result.status == 200)
        let members = try #require(result.json?.objectValue)
        #expect(Array(members.keys) == ["id"])
        #expect(members["id"] != .string(fixture.cluster.id))
    }

    @Test("GET omits false, 0 and empty-string members; the stored document keeps them")
    func omitsZeroValues() async throws {
        let fixture = try await Fixture.start()
        fixture.sim.setSettings(cluster: fixture.cluster, [
            "autoApplyChangesets": .bool(false), "tracingSampleRate": .number(0), "logLevel": .string(""),
            "cookieHttpOnly": .bool(true), "address": .string(":443"),
        ])
        let token = try await fixture.login()
        let members = try #require(try await fixture.http.send("GET", fixture.settingsPath, token: token).json?.objectValue)
        #expect(Set(members.keys) == ["id", "cookieHttpOnly", "address"])
        #expect(fixture.sim.settings(cluster: fixture.cluster)["autoApplyChangesets"] == .bool(false))
    }

    @Test("add creates and overwrites members; add below an existing parent keeps siblings")
    func addSemantics() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let first = try await patch(fixture, token, """
            [{"op":"add","path":"/sshAddress","value":"0.0.0.0:22"},
             {"op":"add","path":"/jwtClaimsHeaders","value":{"x-other":"groups"}},
             {"op":"add","path":"/sshHostKeys","value":["k1","k2"]}]
            """)
        #expect(first.status == 200)
        #expect(first.json?["sshAddress"] == .string("0.0.0.0:22"))
        let second = try await patch(fixture, token, """
            [{"op":"add","path":"/sshAddress","value":"0.0.0.0:2222"},
             {"op":"add","path":"/jwtClaimsHeaders/x-pomerium-claim-email","value":"email"},
             {"op":"add","path":"/sshHostKeys/-","value":"k3"}]
            """)
        #expect(second.status == 200)
        let stored = fixture.sim.settings(cluster: fixture.cluster)
        #expect(stored["sshAddress"] == .string("0.0.0.0:2222"))
        #expect(stored["jwtClaimsHeaders"] == .object(["x-other": .string("groups"), "x-pomerium-claim-email": .string("email")]))
        #expect(stored["sshHostKeys"] == .array([.string("k1"), .string("k2"), .string("k3")]))
    }

    @Test("replace and remove on an absent member, and add below an absent parent, are 400")
    func absentPaths() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let replace = try await patch(fixture, token, #"[{"op":"replace","path":"/sshAddress","value":"0.0.0.0:22"}]"#)
        #expect(replace.status == 400)
        #expect(replace.errorMessage?.contains("/sshAddress") == true)
        let remove = try await patch(fixture, token, #"[{"op":"remove","path":"/logLevel"}]"#)
        #expect(remove.status == 400)
        let nested = try await patch(fixture, token,
                                     #"[{"op":"add","path":"/jwtClaimsHeaders/x-pomerium-claim-email","value":"email"}]"#)
        #expect(nested.status == 400)
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object([:]))
        #expect(try await patch(fixture, token, #"[{"op":"add","path":"/logLevel","value":"info"}]"#).status == 200)
        #expect(try await patch(fixture, token, #"[{"op":"replace","path":"/logLevel","value":"debug"}]"#).status == 200)
        #expect(fixture.sim.settings(cluster: fixture.cluster)["logLevel"] == .string("debug"))
        #expect(try await patch(fixture, token, #"[{"op":"remove","path":"/logLevel"}]"#).status == 200)
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object([:]))
    }

    @Test("test, move and copy follow RFC 6902")
    func testMoveCopy() async throws {
        let fixture = try await Fixture.start()
        fixture.sim.setSettings(cluster: fixture.cluster, ["cookieName": .string("_pomerium"), "logLevel": .string("info")])
        let token = try await fixture.login()
        let failedTest = try await patch(fixture, token, """
            [{"op":"test","path":"/logLevel","value":"debug"},{"op":"remove","path":"/cookieName"}]
            """)
        #expect(failedTest.status == 400)
        let result = try await patch(fixture, token, """
            [{"op":"test","path":"/logLevel","value":"info"},
             {"op":"copy","from":"/logLevel","path":"/proxyLogLevel"},
             {"op":"move","from":"/cookieName","path":"/authenticateServiceUrl"}]
            """)
        #expect(result.status == 200)
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object([
            "logLevel": .string("info"), "proxyLogLevel": .string("info"), "authenticateServiceUrl": .string("_pomerium"),
        ]))
        #expect(try await patch(fixture, token, #"[{"op":"move","from":"/nope","path":"/logLevel"}]"#).status == 400)
    }

    @Test("a patch is all or nothing")
    func atomic() async throws {
        let fixture = try await Fixture.start()
        fixture.sim.setSettings(cluster: fixture.cluster, ["logLevel": .string("info")])
        let token = try await fixture.login()
        let result = try await patch(fixture, token, """
            [{"op":"add","path":"/sshAddress","value":"0.0.0.0:22"},
             {"op":"remove","path":"/logLevel"},
             {"op":"replace","path":"/sshUserCaKey","value":"k"}]
            """)
        #expect(result.status == 400)
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object(["logLevel": .string("info")]))
    }

    @Test("known fields are type-checked, naming the field", arguments: [
        (#"{"op":"add","path":"/sshHostKeys","value":"k"}"#, "sshHostKeys"),
        (#"{"op":"add","path":"/sshHostKeys","value":["k",1]}"#, "sshHostKeys"),
        (#"{"op":"add","path":"/sshUserCaKey","value":5}"#, "sshUserCaKey"),
        (#"{"op":"add","path":"/jwtClaimsHeaders","value":{"a":1}}"#, "jwtClaimsHeaders"),
        (#"{"op":"add","path":"/sshAddress","value":"0.0.0.0"}"#, "sshAddress"),
        (#"{"op":"add","path":"/autoApplyChangesets","value":"yes"}"#, "autoApplyChangesets"),
    ])
    func typeChecks(op: String, field: String) async throws {
        let fixture = try await Fixture.start()
        fixture.sim.setSettings(cluster: fixture.cluster, ["jwtClaimsHeaders": .object([:])])
        let token = try await fixture.login()
        let result = try await patch(fixture, token, "[\(op)]")
        #expect(result.status == 400)
        #expect(result.errorMessage?.contains(field) == true)
        let nested = try await patch(fixture, token, #"[{"op":"add","path":"/jwtClaimsHeaders/x","value":true}]"#)
        #expect(nested.status == 400)
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object(["jwtClaimsHeaders": .object([:])]))
    }

    @Test("content types: json accepted, json-patch+json only by knob, others 415; body must be an array")
    func contentTypes() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let ops = #"[{"op":"add","path":"/logLevel","value":"info"}]"#
        #expect(try await patch(fixture, token, ops, contentType: "application/json; charset=utf-8").status == 200)
        #expect(try await patch(fixture, token, ops, contentType: "application/json-patch+json").status == 415)
        fixture.sim.knobs.acceptJSONPatchContentType = true
        #expect(try await patch(fixture, token, ops, contentType: "application/json-patch+json").status == 200)
        let plain = try await patch(fixture, token, ops, contentType: "text/plain")
        #expect(plain.status == 415)
        #expect(plain.header("Content-Type") == "application/json")
        #expect(plain.errorMessage != nil)
        let object = try await patch(fixture, token, #"{"logLevel":"info"}"#)
        #expect(object.status == 400)
        #expect(try await patch(fixture, token, #"[{"op":"frobnicate","path":"/a"}]"#).status == 400)
        #expect(try await patch(fixture, token, "not json").status == 400)
    }

    @Test("PUT replaces the document; POST and DELETE are 405; the id is read-only")
    func putAndMethods() async throws {
        let fixture = try await Fixture.start()
        fixture.sim.setSettings(cluster: fixture.cluster, ["logLevel": .string("info")])
        let token = try await fixture.login()
        let put = try await fixture.http.send("PUT", fixture.settingsPath, token: token,
                                              body: #"{"id":"bForged","address":":443"}"#)
        #expect(put.status == 200)
        #expect(put.json?["id"] != .string("bForged"))
        #expect(fixture.sim.settings(cluster: fixture.cluster) == .object(["address": .string(":443")]))
        #expect(try await fixture.http.send("POST", fixture.settingsPath, token: token, body: "{}").status == 405)
        #expect(try await fixture.http.send("DELETE", fixture.settingsPath, token: token).status == 405)
        #expect(try await patch(fixture, token, #"[{"op":"add","path":"/id","value":"x"}]"#).status == 400)
    }

    @Test("knob: unknown top-level settings paths are rejected")
    func unknownPaths() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let ops = #"[{"op":"add","path":"/madeUpField","value":1}]"#
        #expect(try await patch(fixture, token, ops).status == 200)
        fixture.sim.knobs.rejectUnknownSettingsPaths = true
        let rejected = try await patch(fixture, token, #"[{"op":"add","path":"/otherMadeUp","value":1}]"#)
        #expect(rejected.status == 400)
        #expect(rejected.errorMessage?.contains("otherMadeUp") == true)
    }

    @Test("clusters: list, get, unknown id is 403 (knob 404)")
    func clusters() async throws {
        let fixture = try await Fixture.start()
        let token = try await fixture.login()
        let list = try await fixture.http.send("GET", fixture.orgPath("/clusters"), token: token)
        let cluster = try #require(list.json?.arrayValue?.first)
        #expect(cluster["fqdn"] == .string("trusted-dog-1049.pomerium.app"))
        #expect(cluster["namespaceId"] == .string(fixture.cluster.namespaceId))
        #expect(cluster["flavor"] == .string("standard"))
        let created = try #require(cluster["createdAt"]?.stringValue)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil)
        let one = try await fixture.http.send("GET", fixture.orgPath("/clusters/\(fixture.cluster.id)"), token: token)
        #expect(one.json == cluster)
        let unknown = try await fixture.http.send("GET", fixture.orgPath("/clusters/bNope"), token: token)
        #expect(unknown.status == 403)
        #expect(unknown.errorMessage == "viewer user required")
        #expect(try await fixture.http.send("GET", fixture.orgPath("/clusters/bNope/settings"), token: token).status == 403)
        fixture.sim.knobs.unknownClusterStatus = 404
        #expect(try await fixture.http.send("GET", fixture.orgPath("/clusters/bNope"), token: token).status == 404)
        let namespaces = try await fixture.http.send("GET", fixture.orgPath("/namespaces"), token: token)
        let types = namespaces.json?.arrayValue?.compactMap { $0["type"]?.stringValue }
        #expect(types == ["root", "cluster"])
    }
}
