import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `access list | add | remove` through the binary, against the simulator's policy.
@Suite(.serialized) struct AccessProcessTests {
    func allowed(_ fixture: CLIFixture) -> [String] {
        let policy = fixture.sim.policies(org: fixture.org).first { $0["name"] == .string("openclaw users") }
        let or = policy?["ppl"]?["allow"]?["or"]?.arrayValue ?? []
        return or.compactMap { $0["email"]?["is"]?.stringValue }
    }

    @Test func addListAndRemoveEditThePolicyAndKeepOperatorEmailCoherent() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let token = ["--api-token-file", fixture.apiTokenFile]

            let list = try await fixture.run(["access", "list"] + token)
            #expect(list.status == 0 && list.stdout == "operator@example.com\n", "\(list.stdout)\n\(list.stderr)")
            #expect(try fixture.runLogs("access").isEmpty, "a list changes nothing and writes no run log")

            let add = try await fixture.run(["access", "add", "friend@example.com"] + token)
            #expect(add.status == 0, "\(add.stderr)")
            #expect(allowed(fixture) == ["operator@example.com", "friend@example.com"])
            let addLog = try fixture.expectRunLog("access")
            #expect(addLog.contains("friend@example.com") && addLog.contains("zero: PUT "), "\(addLog)")
            let addAgain = try await fixture.run(["access", "add", "Friend@Example.com"] + token)
            #expect(addAgain.status == 0 && addAgain.stderr.contains("already"), "\(addAgain.stderr)")
            #expect(allowed(fixture).count == 2)
            #expect(try fixture.runLogs("access").count == 1, "an add that changes nothing writes no run log")

            let json = try await fixture.run(["access", "list", "--json"] + token)
            let document = try JSONValue.parse(Data(json.stdout.utf8))
            #expect(document.objectValue?["emails"] == ["operator@example.com", "friend@example.com"], "\(json.stdout)")

            let invalid = try await fixture.run(["access", "add", "not-an-email"] + token)
            #expect(invalid.status == 1 && invalid.stderr.contains("is not an email address"))

            let operatorRemoval = try await fixture.run(["access", "remove", "operator@example.com"] + token)
            #expect(operatorRemoval.status == 1)
            #expect(operatorRemoval.stderr.contains("OPERATOR_EMAIL"), "\(operatorRemoval.stderr)")
            #expect(allowed(fixture).count == 2)

            let remove = try await fixture.run(["access", "remove", "friend@example.com"] + token)
            #expect(remove.status == 0, "\(remove.stderr)")
            #expect(allowed(fixture) == ["operator@example.com"])
            let removeAgain = try await fixture.run(["access", "remove", "friend@example.com"] + token)
            #expect(removeAgain.status == 0 && removeAgain.stderr.contains("nothing changed"), "\(removeAgain.stderr)")

            let noToken = try await fixture.run(["access", "list"])
            #expect(noToken.status == 1 && noToken.stderr.contains("--api-token-file"), "\(noToken.stderr)")
            try fixture.expectNoSecrets(in: [install, list, add, addAgain, json, invalid, operatorRemoval, remove, removeAgain, noToken])
        }
    }

    @Test func removingTheLastEmailWithoutATerminalNeedsYes() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            // The Console left only someone other than OPERATOR_EMAIL in the policy.
            let policy = try #require(fixture.sim.policies(org: fixture.org).first)
            var body = try #require(policy.objectValue)
            body["ppl"] = .object(["allow": .object(["or": .array([.object(["email": .object(["is": .string("last@example.com")])])])])])
            for key in ["id", "createdAt", "updatedAt", "routes", "enforcedRoutes"] { body[key] = nil }
            try fixture.sim.updatePolicy(org: fixture.org, id: try #require(policy["id"]?.stringValue), .object(body))
            let token = ["--api-token-file", fixture.apiTokenFile]

            let refused = try await fixture.run(["access", "remove", "last@example.com"] + token)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("locks everyone out"), "\(refused.stderr)")
            #expect(refused.stderr.contains("Re-run with --yes"), "\(refused.stderr)")
            #expect(allowed(fixture) == ["last@example.com"])

            let confirmed = try await fixture.run(["access", "remove", "last@example.com", "--yes"] + token)
            #expect(confirmed.status == 0, "\(confirmed.stderr)")
            #expect(allowed(fixture).isEmpty)
            let list = try await fixture.run(["access", "list"] + token)
            #expect(list.status == 0 && list.stdout.isEmpty && list.stderr.contains("nobody can reach"), "\(list.stderr)")
        }
    }
}
