import Foundation
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The `pomclaw` binary as a user runs it: a child process, stdin from /dev/null, talking
/// HTTP to a Zero API simulator on 127.0.0.1 inside the test process.
@Suite(.serialized) struct CLIProcessTests {
    /// Each setting with the flag that supplies it, as the "missing" message must name them.
    static let required = [
        ("POMERIUM_ZERO_TOKEN", "--zero-token"),
        ("POMERIUM_ZERO_API_TOKEN", "--api-token"),
        ("POMERIUM_CLUSTER_DOMAIN", "--cluster-domain"),
        ("OPERATOR_EMAIL", "--operator-email"),
    ]

    @Test func withoutSettingsOrTerminalFailsAtOnceNamingEverySetting() async throws {
        let directory = try TemporaryDirectory("pomclaw-cli-empty")
        defer { directory.remove() }
        let result = try PomclawProcess.run(["install"], directory: directory.path, timeout: .seconds(10))

        #expect(result.status == 1, "stderr: \(result.stderr)")
        // At once: no prompt waits for input, no network call is made (a loaded 2-core machine
        // can take a second or two just to start a debug build).
        #expect(result.duration < .seconds(5), "took \(result.duration)")
        let lines = result.stderr.split(separator: "\n")
        for (variable, flag) in Self.required {
            #expect(
                lines.contains { $0.contains(variable) && $0.contains(flag) },
                "no line names \(variable) with \(flag):\n\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func dryRunPrintsThePlanAndChangesNothing() async throws {
        try await CLIFixture.with { fixture in
            let result = try await fixture.run(fixture.arguments(["--dry-run"]))

            #expect(result.status == 2, "stderr: \(result.stderr)")
            let plan = result.stdout.split(separator: "\n").map(String.init)
            for key in ["pomerium_user_ca_key", "ssh_host_ed25519_key", "ssh_host_rsa_key", "ssh_host_ecdsa_key"] {
                #expect(
                    plan.contains { $0.contains("generate") && $0.contains("keys/\(key) ") },
                    "the plan does not generate keys/\(key):\n\(result.stdout)")
            }
            #expect(try fixture.installContents().isEmpty)
            let requests = fixture.sim.requests
            #expect(!requests.isEmpty)
            let writes = requests.filter { $0.method != "GET" && !($0.method == "POST" && $0.path.hasSuffix("/token")) }
            #expect(writes.isEmpty, "writes: \(writes.map { "\($0.method) \($0.path)" })")
            #expect(fixture.sim.policies(org: fixture.org).isEmpty)
            #expect(fixture.sim.routes(org: fixture.org).isEmpty)
            try fixture.expectNoSecrets(in: [result])
        }
    }

    @Test func installConvergesThenRerunsWithoutWriting() async throws {
        try await CLIFixture.with { fixture in
            let first = try await fixture.run(fixture.arguments())
            #expect(first.status == 0, "stderr: \(first.stderr)")
            let policies = fixture.sim.policies(org: fixture.org)
            #expect(policies.count == 1)
            #expect(policies.first?["name"]?.stringValue == "openclaw users")
            #expect(fixture.sim.routes(org: fixture.org).count == 2)

            fixture.sim.clearRequests()
            let second = try await fixture.run(fixture.arguments())
            #expect(second.status == 0, "stderr: \(second.stderr)")
            let writes = fixture.sim.requests.filter {
                $0.method != "GET" && !($0.method == "POST" && $0.path.hasSuffix("/token"))
            }
            #expect(writes.isEmpty, "a converged install wrote: \(writes.map { "\($0.method) \($0.path)" })")
            #expect(fixture.sim.policies(org: fixture.org).count == 1)
            #expect(fixture.sim.routes(org: fixture.org).count == 2)

            let dryRun = try await fixture.run(fixture.arguments(["--dry-run"]))
            #expect(dryRun.status == 0, "stdout: \(dryRun.stdout)\nstderr: \(dryRun.stderr)")

            #expect(!fixture.sim.issuedIDTokens.isEmpty)
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: fixture.install.file("keys"))).isEmpty)
            try fixture.expectNoSecrets(in: [first, second, dryRun])
        }
    }

    @Test func filesGetTheirModesEvenWithUmask000() async throws {
        try await CLIFixture.with { fixture in
            // The umask is set in the child only: a shell applies it, then execs pomclaw with
            // the arguments as they are (never interpolated into the script).
            let argv = ["/bin/sh", "-c", "umask 000; exec \"$@\"", "sh", PomclawProcess.executable.path]
                + fixture.arguments()
            let environment = PomclawProcess.baseEnvironment.merging(fixture.environment) { _, new in new }
            let directory = fixture.install.path
            let result = try await onOwnThread {
                try ChildProcess.run(argv, environment: environment, directory: directory)
            }
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let expected: [(String, Int)] = [
                (".env", 0o600), ("keys", 0o700), ("keys/pomerium_user_ca_key", 0o600),
                ("keys/ssh_host_rsa_key", 0o600), ("keys/ssh_host_rsa_key.pub", 0o644),
                (".pomclaw", 0o700), (".pomclaw/state.json", 0o600),
                ("openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub", 0o644),
            ]
            for (name, mode) in expected {
                let attributes = try FileManager.default.attributesOfItem(atPath: fixture.install.file(name))
                #expect((attributes[.posixPermissions] as? Int) == mode, "\(name)")
            }
        }
    }

    @Test func anUnknownClusterDomainChangesNothing() async throws {
        try await CLIFixture.with { fixture in
            // The later --cluster-domain wins.
            let result = try await fixture.run(fixture.arguments(["--cluster-domain", "no-such-cluster.pomerium.app"]))
            #expect(result.status == 1)
            #expect(result.stderr.contains("was not found"))
            #expect(result.stderr.contains(fixture.clusters[0].fqdn))
            #expect(try fixture.installContents().isEmpty, "nothing may be written for a wrong domain")
        }
    }

    @Test func helpAndVersionExitZeroAndUnknownOptionsAreUsageErrors() throws {
        let help = try PomclawProcess.run(["--help"])
        #expect(help.status == 0, "stderr: \(help.stderr)")
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("pomclaw install --dry-run"))

        let installHelp = try PomclawProcess.run(["install", "--help"])
        #expect(installHelp.status == 0, "stderr: \(installHelp.stderr)")
        #expect(installHelp.stdout.contains("Examples:"))
        #expect(installHelp.stdout.contains("pomclaw install --dry-run"))
        let flags = ["--zero-token", "--zero-token-file", "--api-token", "--api-token-file", "--cluster-domain",
                     "--operator-email", "--openclaw-version", "--dir", "--dry-run", "--non-interactive", "--yes"]
        let words = Set(installHelp.stdout.split(whereSeparator: { " ,\n".contains($0) }).map(String.init))
        for flag in flags {
            #expect(words.contains(flag), "install --help lacks \(flag):\n\(installHelp.stdout)")
        }

        let version = try PomclawProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)

        let unknown = try PomclawProcess.run(["install", "--no-such-option"])
        #expect(unknown.status == 64, "stderr: \(unknown.stderr)")
        #expect(unknown.stderr.contains("--no-such-option"))
    }

    /// On an 80-column terminal every example stays one copy-pasteable line and prose wraps
    /// as flowing text, not at the source's line breaks.
    @Test(arguments: [["--help"], ["install", "--help"]])
    func helpReadsWellAt80Columns(_ arguments: [String]) throws {
        let help = try PomclawProcess.run(arguments, environment: ["COLUMNS": "80", "LINES": "24"]).stdout
        let paragraphs = help.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
        let examples = paragraphs.first { $0.first == "Examples:" } ?? []
        #expect(examples.count > 1, "no examples:\n\(help)")
        for line in examples.dropFirst() {
            #expect(line.hasPrefix("  "), "an example is broken across lines at '\(line)':\n\(help)")
        }
        let sections = ["Examples:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:"]
        let prose = paragraphs.filter { lines in
            guard let first = lines.first else { return false }
            return !first.hasPrefix(" ") && !sections.contains { first.hasPrefix($0) }
        }
        for paragraph in prose {
            for line in paragraph.dropLast() {
                #expect(line.count >= 60, "prose broken at a short line '\(line)':\n\(help)")
            }
        }
    }

    @Test func invalidEmailIsRefusedNamingTheSetting() async throws {
        try await CLIFixture.with { fixture in
            var arguments = fixture.arguments()
            arguments[arguments.firstIndex(of: fixture.email)!] = "not-an-email"
            let result = try await fixture.run(arguments)

            #expect(result.status != 0)
            #expect(result.stderr.contains("OPERATOR_EMAIL"), "stderr: \(result.stderr)")
            #expect(try fixture.installContents().isEmpty)
            try fixture.expectNoSecrets(in: [result])
        }
    }

    @Test func missingTokenFileIsAnErrorNamingThePath() async throws {
        try await CLIFixture.with { fixture in
            let missing = fixture.secrets.file("no-such-api.token")
            var arguments = fixture.arguments()
            arguments[arguments.firstIndex(of: fixture.apiTokenFile)!] = missing
            let result = try await fixture.run(arguments)

            #expect(result.status == 1, "stderr: \(result.stderr)")
            #expect(result.stderr.contains(missing), "stderr: \(result.stderr)")
            #expect(try fixture.installContents().isEmpty)
            try fixture.expectNoSecrets(in: [result])
        }
    }
}
