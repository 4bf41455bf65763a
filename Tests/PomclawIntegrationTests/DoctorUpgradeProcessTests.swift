import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `doctor` and `upgrade` through the binary, against the simulator and the fake Docker host.
/// The cluster's domain is under `.invalid`, so DNS lookups never leave the host (and never
/// resolve).
@Suite(.serialized) struct DoctorUpgradeProcessTests {
    /// The findings of `doctor --json`, by id.
    static func findings(_ result: PomclawProcess.Result) throws -> [String: [String: JSONValue]] {
        let document = try JSONValue.parse(Data(result.stdout.utf8)).objectValue
        var byID: [String: [String: JSONValue]] = [:]
        for item in document?["findings"]?.arrayValue ?? [] {
            guard let object = item.objectValue, let id = object["id"]?.stringValue else { continue }
            byID[id] = object
        }
        return byID
    }

    static func severity(_ findings: [String: [String: JSONValue]], _ id: String) -> String? {
        findings[id]?["severity"]?.stringValue
    }

    @Test func doctorBeforeInstallFindsATakenPortAnUnresolvableDomainAndAnInvalidToken() async throws {
        try await CLIFixture.with(domain: "doctor-#.invalid") { fixture in
            let holder = try PortHolder()
            defer { holder.release() }
            let free = try LoopbackPort.free()
            let env = "POMERIUM_CLUSTER_DOMAIN=\(fixture.clusters[0].fqdn)\nPOMCLAW_HTTPS_PORT=\(holder.port)\nPOMCLAW_SSH_PORT=\(free)\n"
            try Data(env.utf8).write(to: URL(fileURLWithPath: fixture.install.file(".env")))
            let badToken = fixture.secrets.file("bad.token")
            try Data("not-a-valid-api-token\n".utf8).write(to: URL(fileURLWithPath: badToken))

            let result = try await fixture.run(["doctor", "--json", "--api-token-file", badToken])
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            let findings = try Self.findings(result)
            #expect(Self.severity(findings, "port-https") == "error", "\(findings["port-https"] ?? [:])")
            #expect(findings["port-https"]?["next"]?.stringValue?.contains("POMCLAW_HTTPS_PORT") == true)
            #expect(Self.severity(findings, "port-ssh") == "ok")
            #expect(Self.severity(findings, "dns-web") == "error")
            #expect(findings["dns-web"]?["detail"]?.stringValue?.contains("does not resolve") == true)
            #expect(Self.severity(findings, "zero-api") == "error")
            #expect(findings["zero-api"]?["detail"]?.stringValue?.contains("rejected") == true)
            #expect(Self.severity(findings, "docker-engine") == "ok")
            #expect(Self.severity(findings, "stack") == "skipped")
            #expect(!result.stdout.contains("not-a-valid-api-token") && !result.stderr.contains("not-a-valid-api-token"))
        }
    }

    @Test func doctorAfterInstallIsHealthyButForDNSThenFindsAStoppedGateway() async throws {
        try await CLIFixture.with(domain: "doctor-#.invalid") { fixture in
            let (https, ssh) = (try LoopbackPort.free(), try LoopbackPort.free())
            try Data("POMCLAW_HTTPS_PORT=\(https)\nPOMCLAW_SSH_PORT=\(ssh)\n".utf8)
                .write(to: URL(fileURLWithPath: fixture.install.file(".env")))
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")

            let healthy = try await fixture.run(["doctor", "--json", "--api-token-file", fixture.apiTokenFile])
            let findings = try Self.findings(healthy)
            for id in ["docker-engine", "docker-compose", "port-https", "port-ssh", "zero-api", "clock", "stack", "stack-rest", "trusted-proxy"] {
                #expect(Self.severity(findings, id) == "ok", "\(id): \(findings[id] ?? [:])")
            }
            #expect(Self.severity(findings, "disk") != "error")
            // The only errors: the .invalid names, which never resolve.
            let errors = findings.filter { $0.value["severity"]?.stringValue == "error" }.map(\.key).sorted()
            #expect(errors == ["dns-cluster", "dns-web"], "\(healthy.stdout)")

            try fixture.docker.stop("openclaw-gateway", exitCode: 137)
            let stopped = try await fixture.run(["doctor"])
            #expect(stopped.status == 1)
            #expect(stopped.stdout.contains("error    OpenClaw gateway and Pomerium: not as it should be: start openclaw-gateway (it stopped with exit status 137)"),
                    "\(stopped.stdout)")
            // `pomclaw` spelled as it runs here (the binary's path: it is not on PATH).
            #expect(stopped.stdout.contains("next: Run `") && stopped.stdout.contains("pomclaw install` to converge"))
            try fixture.expectNoSecrets(in: [install, healthy, stopped])
        }
    }

    @Test func upgradePinsBuildsRecreatesAndConverges() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let before = try #require(try fixture.docker.container("openclaw-gateway")?["id"] as? String)
            fixture.docker.clearCalls()

            let upgrade = try await fixture.run(["upgrade", "--openclaw", "2026.7.1"])
            #expect(upgrade.status == 0, "upgrade: \(upgrade.stderr)")
            #expect(upgrade.stderr.contains("OpenClaw 2026.6.5 → 2026.7.1"), "\(upgrade.stderr)")
            let env = try String(contentsOfFile: fixture.install.file(".env"), encoding: .utf8)
            #expect(env.contains("OPENCLAW_VERSION=2026.7.1") && !env.contains("2026.6.5"))
            let builds = try fixture.docker.calls().filter { $0.argv.contains("build") && $0.argv.contains("openclaw-gateway") }
            #expect(builds.count == 1)
            #expect(try fixture.docker.images().contains("openclaw:2026.7.1"))
            let gateway = try #require(try fixture.docker.container("openclaw-gateway"))
            #expect(gateway["image"] as? String == "openclaw:2026.7.1")
            #expect(gateway["id"] as? String != before, "the gateway was not recreated")
            let upgradeLog = try fixture.expectRunLog("upgrade")
            #expect(upgradeLog.contains("OpenClaw 2026.6.5 → 2026.7.1"), "\(upgradeLog)")
            #expect(upgradeLog.contains("docker: docker compose build openclaw-gateway"), "\(upgradeLog)")

            let status = try await fixture.run(["status"])
            // 3: in place as far as checked (no API token for the Zero checks).
            #expect(status.status == 3, "status after upgrade: \(status.stdout)")

            // Again without --openclaw: the pin is re-applied and nothing changes.
            fixture.docker.clearCalls()
            let again = try await fixture.run(["upgrade"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("re-applying the pinned OpenClaw 2026.7.1"))
            #expect(try fixture.docker.calls().allSatisfy { !$0.argv.contains("build") && !$0.argv.contains("up") })
            try fixture.expectNoSecrets(in: [install, upgrade, status, again])
        }
    }

    @Test(arguments: ["latest", "2026.7", "v2026.7.1"])
    func upgradeRefusesWhatIsNotAReleaseAndChangesNothing(version: String) async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let env = try Data(contentsOf: URL(fileURLWithPath: fixture.install.file(".env")))
            fixture.docker.clearCalls()
            let upgrade = try await fixture.run(["upgrade", "--openclaw", version])
            #expect(upgrade.status == 64, "\(upgrade.stderr)")
            #expect(upgrade.stderr.contains(version.hasPrefix("v") ? "did you mean 2026.7.1?" : "is not a pinned OpenClaw release"),
                "\(upgrade.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.install.file(".env"))) == env)
            #expect(try fixture.docker.calls().isEmpty)
        }
    }
}
