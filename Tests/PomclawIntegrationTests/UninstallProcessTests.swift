import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `uninstall` through the binary, against the simulator and the fake Docker host: what it
/// refuses without confirmation or token, what it removes, a failed delete, and a second run.
@Suite(.serialized) struct UninstallProcessTests {
    @Test func uninstallRefusesWithoutConsentRemovesEverythingThenFindsNothing() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            #expect(fixture.sim.routes(org: fixture.org).count == 2 && fixture.sim.policies(org: fixture.org).count == 1)
            fixture.docker.clearCalls()

            let noToken = try await fixture.run(["uninstall", "--yes"])
            #expect(noToken.status == 1)
            #expect(noToken.stderr.contains("POMERIUM_ZERO_API_TOKEN"), "\(noToken.stderr)")

            let unconfirmed = try await fixture.run(["uninstall", "--api-token-file", fixture.apiTokenFile])
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr.contains("Re-run with --yes to confirm."), "\(unconfirmed.stderr)")
            #expect(unconfirmed.stderr.contains("remove  web route https://openclaw.\(fixture.clusters[0].fqdn)"), "\(unconfirmed.stderr)")
            #expect(try !fixture.docker.calls().contains { $0.argv.contains("down") })
            #expect(fixture.sim.routes(org: fixture.org).count == 2)

            let purgeNoTerminal = try await fixture.run(["uninstall", "--yes", "--purge", "--api-token-file", fixture.apiTokenFile])
            #expect(purgeNoTerminal.status == 1)
            #expect(purgeNoTerminal.stderr.contains("--yes-purge"), "\(purgeNoTerminal.stderr)")
            #expect(fixture.sim.routes(org: fixture.org).count == 2)

            let uninstall = try await fixture.run(
                ["uninstall", "--yes", "--clear-cluster-ssh", "--api-token-file", fixture.apiTokenFile])
            #expect(uninstall.status == 0, "uninstall: \(uninstall.stdout)\n\(uninstall.stderr)")
            #expect(fixture.sim.routes(org: fixture.org).isEmpty)
            #expect(fixture.sim.policies(org: fixture.org).isEmpty)
            let settings = fixture.sim.settings(cluster: fixture.clusters[0])
            #expect(settings["sshHostKeys"]?.arrayValue?.isEmpty ?? true, "\(settings)")
            // Only top-level `add` of empty keys (zero-api-audit.md §7 R8): the address stays.
            #expect(settings["sshAddress"] == .string("0.0.0.0:22"), "\(settings)")
            #expect(settings["jwtClaimsHeaders"] != nil)
            #expect(try fixture.docker.calls().contains { $0.argv.contains("down") })
            for expected in ["removed        stack", "removed        web route", "removed        SSH route",
                             "removed        policy 'openclaw users'", "removed        cluster SSH settings",
                             "kept           local keys and data"] {
                #expect(uninstall.stdout.contains(expected), "no '\(expected)' in:\n\(uninstall.stdout)")
            }
            #expect(try fixture.installContents().contains("keys"))
            #expect(try fixture.installContents().contains("openclaw-data"))

            let again = try await fixture.run(["uninstall", "--clear-cluster-ssh", "--api-token-file", fixture.apiTokenFile])
            #expect(again.status == 0, "second uninstall: \(again.stdout)\n\(again.stderr)")
            #expect(again.stderr.contains("Nothing to remove."))
            let outcomes = again.stdout.split(separator: "\n").map { String($0.prefix(15)).trimmingCharacters(in: .whitespaces) }
            #expect(outcomes == ["already absent", "already absent", "already absent", "already absent", "already absent", "kept"], "\(again.stdout)")

            let purge = try await fixture.run(["uninstall", "--yes", "--purge", "--yes-purge", "--api-token-file", fixture.apiTokenFile])
            #expect(purge.status == 0, "purge: \(purge.stdout)\n\(purge.stderr)")
            let left = try fixture.installContents()
            #expect(!left.contains("keys") && !left.contains("openclaw-data") && !left.contains(".pomclaw"), "\(left)")
            #expect(left.contains(".env") && left.contains("compose.yaml"), "\(left)")
            try fixture.expectNoSecrets(in: [install, noToken, unconfirmed, purgeNoTerminal, uninstall, again, purge])
        }
    }

    @Test func aDeleteThatKeepsFailingLeavesThatRouteAndThePolicyAndASecondRunFinishes() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let web = try #require(fixture.sim.routes(org: fixture.org).first { $0["from"]?.stringValue?.hasPrefix("https://") == true })
            let webID = try #require(web["id"]?.stringValue)
            fixture.sim.inject("DELETE /api/v0/organizations/\(fixture.org.id)/routes/\(webID)", count: 100, .status(500))

            let first = try await fixture.run(["uninstall", "--yes", "--api-token-file", fixture.apiTokenFile])
            #expect(first.status == 1, "\(first.stdout)\n\(first.stderr)")
            #expect(first.stdout.contains("failed         web route"), "\(first.stdout)")
            #expect(first.stdout.contains("HTTP 500"), "\(first.stdout)")
            #expect(first.stdout.contains("removed        SSH route"), "\(first.stdout)")
            #expect(first.stdout.contains("failed         policy 'openclaw users': kept because the web route"), "\(first.stdout)")
            #expect(first.stderr.contains("pomclaw uninstall; it removes only what is left"), "\(first.stderr)")
            #expect(fixture.sim.routes(org: fixture.org).map(\.["id"]) == [web["id"]])
            #expect(fixture.sim.policies(org: fixture.org).count == 1)

            fixture.sim.clearFaults()
            let second = try await fixture.run(["uninstall", "--yes", "--api-token-file", fixture.apiTokenFile])
            #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
            #expect(second.stdout.contains("removed        web route"), "\(second.stdout)")
            #expect(second.stdout.contains("already absent SSH route"), "\(second.stdout)")
            #expect(second.stdout.contains("removed        policy"), "\(second.stdout)")
            #expect(fixture.sim.routes(org: fixture.org).isEmpty && fixture.sim.policies(org: fixture.org).isEmpty)
            try fixture.expectNoSecrets(in: [install, first, second])
        }
    }
}
