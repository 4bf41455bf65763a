import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// A directory laid out as the original bash installer leaves it — keys at its root, its
/// unquoted `.env` with the API token, `docker-compose.yml` and `openclaw/`, its policy and
/// two routes in Zero, its stack running — converges under pomclaw without new keys, without
/// a single create in Zero, and with the original's compose file retired.
@Suite(.serialized) struct LegacyAdoptionProcessTests {
    @Test func originalInstallConvergesWithoutCreatesOrNewKeys() async throws {
        try await CLIFixture.with { fixture in
            let directory = fixture.install.path
            let keys = try LegacyInstallLayout.write(into: directory, fixture: fixture)
            let publicKeys = try Dictionary(uniqueKeysWithValues: keys.keys.map { ($0, try OpenSSH.derivedPublicKey(directory + "/" + $0)) })
            try LegacyInstallLayout.seedZero(fixture, directory: directory)
            try LegacyInstallLayout.seedDocker(fixture, directory: directory)
            fixture.sim.clearRequests()

            let install = try await fixture.run(["install", "--non-interactive", "--yes"])
            #expect(install.status == 0, "install: \(install.stderr)")

            // Zero: nothing created, nothing duplicated.
            let creates = fixture.sim.requests.filter { $0.method == "POST" && !$0.path.hasSuffix("/token") }
            #expect(creates.isEmpty, "POSTs: \(creates.map(\.path))")
            #expect(fixture.sim.policies(org: fixture.org).count == 1)
            #expect(fixture.sim.routes(org: fixture.org).count == 2)
            let ssh = fixture.sim.routes(org: fixture.org).first { $0["from"] == .string("ssh://openclaw") }
            #expect(ssh?["passIdentityHeaders"] == .bool(true), "the older SSH route was not repaired")
            let refused = fixture.sim.requests.filter { ($0.status ?? 0) >= 400 && $0.status != 401 }
            #expect(refused.isEmpty, "\(refused.map { "\($0.method) \($0.path) → \($0.status ?? 0)" })")

            // Keys: moved into keys/ byte for byte; same fingerprints; none left at the root.
            for (name, contents) in keys {
                let moved = directory + "/keys/" + name
                #expect(try Data(contentsOf: URL(fileURLWithPath: moved)) == contents, "\(name) changed")
                #expect(try OpenSSH.derivedPublicKey(moved) == publicKeys[name], "\(name): another key")
                #expect(!FileManager.default.fileExists(atPath: directory + "/" + name), "\(name) is still at the root")
            }

            // The compose file: compose.yaml runs the stack, the original's is kept aside.
            #expect(FileManager.default.fileExists(atPath: directory + "/compose.yaml"))
            #expect(!FileManager.default.fileExists(atPath: directory + "/docker-compose.yml"))
            let retired = try String(contentsOfFile: directory + "/docker-compose.yml.orig", encoding: .utf8)
            #expect(retired == LegacyInstallLayout.composeFile)
            let calls = try fixture.docker.calls()
            #expect(calls.allSatisfy { !$0.argv.contains { $0.hasSuffix("/docker-compose.yml") } },
                    "a compose call used the original's file")

            // The same project, its containers recreated in place from compose.yaml.
            let gateway = try #require(try fixture.docker.container("openclaw-gateway"))
            #expect(gateway["id"] as? String != String(repeating: "2", count: 64), "the original's gateway was not recreated")
            #expect((try fixture.docker.state()["containers"] as? [String: Any])?.count == 3)

            #expect(install.stderr.contains("Adopted the original installer's install:"), "\(install.stderr)")
            #expect(install.stderr.contains("keys from the directory root"))
            #expect(install.stderr.contains("policy 'openclaw users', route ssh://openclaw, route https://openclaw.\(fixture.clusters[0].fqdn)"))
            #expect(install.stderr.contains("POMERIUM_ZERO_API_TOKEN is in .env"), "\(install.stderr)")
            #expect(install.stderr.contains("Kept POMERIUM_ZERO_API_TOKEN in .env"), "without a terminal the token stays")
            #expect(install.stderr.contains("The gateway runs the image openclaw:2026.6.5 the original installer built"))

            // Converged: a second run changes nothing and says no more about adopting.
            fixture.sim.clearRequests()
            let again = try await fixture.run(["install", "--non-interactive"])
            #expect(again.status == 0, "second run: \(again.stderr)")
            #expect(again.stderr.contains("nothing to change"), "\(again.stderr)")
            #expect(!again.stderr.contains("Adopted"))
            #expect(fixture.sim.requests.allSatisfy { $0.method == "GET" || $0.path.hasSuffix("/token") })
            let status = try await fixture.run(["status"])
            #expect(status.status == 0, "status: \(status.stdout)")
            try fixture.expectNoSecrets(in: [install, again, status])
        }
    }
}
