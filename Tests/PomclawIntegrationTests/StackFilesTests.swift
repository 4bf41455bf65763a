import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The stack files as written: what Compose makes of compose.yaml with a sample .env, the
/// Dockerfile's steps against the facts pomclaw relies on, and the entrypoint's syntax.
@Suite(.enabled(if: StackEngine.wanted)) struct StackFilesTests {
    static let sampleEnv: [String: String] = [
        "POMERIUM_ZERO_TOKEN": "zero-cluster-token-EXAMPLE-0001",
        "POMERIUM_ZERO_API_TOKEN": "zero-api-user-token-EXAMPLE-0002",
        "POMERIUM_CLUSTER_DOMAIN": "trusted-dog-1049.pomerium.app",
        "OPERATOR_EMAIL": "ops@example.com",
        "OPENCLAW_VERSION": "2026.6.5",
    ]

    /// `docker-compose config` (Compose v1, the oldest supported) in a copy of the stack
    /// files with `env` as .env.
    static func composeConfig(_ env: [String: String]) throws -> ChildProcess.Result {
        guard let v1 = StackEngine.tool("docker-compose") else {
            throw TestFailure("docker-compose (Compose v1) is not installed: apt-get install docker-compose, "
                + "or set POMCLAW_SKIP_DOCKER_TESTS=1")
        }
        let directory = try TemporaryDirectory("pomclaw-compose-config")
        defer { directory.remove() }
        let install = directory.file("install")
        try StackFixture.copyStackFiles(to: install)
        let lines = env.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n"
        try Data(lines.utf8).write(to: URL(fileURLWithPath: install + "/.env"))
        return try ChildProcess.run(
            [v1, "config"], environment: StackEngine.childEnvironment, directory: install, timeout: .seconds(60))
    }

    /// The block of `service` in `docker-compose config` output (v1 layout: two-space
    /// indented service names under `services:`).
    static func block(_ service: String, in config: String) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in config.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  "), !line.hasPrefix("   ") { inside = line == "  \(service):" }
            if !line.hasPrefix(" ") { inside = false }
            if inside { lines.append(line) }
        }
        return lines.joined(separator: "\n")
    }

    @Test func composeHandsPomeriumOnlyItsTokenAndPublishesItsPorts() throws {
        let result = try Self.composeConfig(Self.sampleEnv)
        #expect(result.status == 0, "\(result.stderr)")
        let config = result.stdout
        let pomerium = Self.block("pomerium", in: config)
        #expect(pomerium.contains("POMERIUM_ZERO_TOKEN: zero-cluster-token-EXAMPLE-0001"), "\(pomerium)")
        #expect(pomerium.contains("XDG_CACHE_HOME: /var/cache"))
        #expect(!pomerium.contains("POMERIUM_ZERO_API_TOKEN"))
        #expect(!pomerium.contains("OPERATOR_EMAIL"))
        // No service gets the API token, whatever its name.
        #expect(!config.contains("zero-api-user-token-EXAMPLE-0002"))
        #expect(pomerium.contains("- 0.0.0.0:443:443/tcp"))
        #expect(pomerium.contains("- 0.0.0.0:2200:22/tcp"))
        #expect(pomerium.contains("ipv4_address: 172.30.0.10"))
        #expect(pomerium.contains("- verify.trusted-dog-1049.pomerium.app"))
        #expect(pomerium.contains("image: pomerium/pomerium:v0.32.7"))
        #expect(config.contains("- subnet: 172.30.0.0/16"))

        let gateway = Self.block("openclaw-gateway", in: config)
        #expect(gateway.contains("image: openclaw:2026.6.5"), "\(gateway)")
        #expect(gateway.contains("OPENCLAW_VERSION: 2026.6.5"))
        #expect(gateway.contains("init: true"))
        #expect(gateway.contains("restart: unless-stopped"))
        #expect(gateway.contains("/openclaw-data/pomerium-ssh:/var/lib/pomerium:ro"))
        #expect(!gateway.contains("POMERIUM_"), "the gateway needs no Pomerium setting")

        let verify = Self.block("verify", in: config)
        #expect(!verify.contains(":latest"))
        #expect(verify.contains("image: pomerium/verify:sha-"))
    }

    @Test func composeKnobsMoveThePortsAndTheNetwork() throws {
        var env = Self.sampleEnv
        env["POMCLAW_BIND_ADDRESS"] = "127.0.0.1"
        env["POMCLAW_HTTPS_PORT"] = "8443"
        env["POMCLAW_SSH_PORT"] = "2222"
        env["POMCLAW_SUBNET"] = "10.99.0.0/24"
        env["POMCLAW_POMERIUM_IP"] = "10.99.0.10"
        let result = try Self.composeConfig(env)
        #expect(result.status == 0, "\(result.stderr)")
        let pomerium = Self.block("pomerium", in: result.stdout)
        #expect(pomerium.contains("- 127.0.0.1:8443:443/tcp"), "\(pomerium)")
        #expect(pomerium.contains("- 127.0.0.1:2222:22/tcp"))
        #expect(pomerium.contains("ipv4_address: 10.99.0.10"))
        #expect(result.stdout.contains("- subnet: 10.99.0.0/24"))
    }

    @Test(arguments: ["OPENCLAW_VERSION", "POMERIUM_ZERO_TOKEN", "POMERIUM_CLUSTER_DOMAIN"])
    func composeRefusesAMissingRequiredSetting(_ name: String) throws {
        var env = Self.sampleEnv
        env[name] = nil
        let result = try Self.composeConfig(env)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(name) is not set: run pomclaw install, or set it in .env"), "\(result.stderr)")
    }

    @Test func theDockerfileFollowsTheFacts() throws {
        let dockerfile = try String(contentsOfFile: StackEngine.repositoryFile("docker/openclaw/Dockerfile"), encoding: .utf8)
        let lines = dockerfile.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // An exact Node release every supported OpenClaw accepts (>= 24.16), not a moving tag.
        let from = try #require(lines.first { $0.hasPrefix("FROM ") })
        let node = try #require(from.firstMatch(of: #/^FROM node:(\d+)\.(\d+)\.(\d+)-bookworm-slim$/#), "\(from)")
        #expect(Int(node.1) == 24 && Int(node.2)! >= 16, "\(from)")
        #expect(lines.contains("ARG OPENCLAW_VERSION"), "the version has no default")
        #expect(!lines.contains { $0.hasPrefix("ARG OPENCLAW_VERSION=") })
        #expect(lines.contains { $0.hasPrefix("RUN test -n \"$OPENCLAW_VERSION\"") })
        #expect(dockerfile.contains(#"npm install -g ${allow:+"$allow"} "openclaw@${OPENCLAW_VERSION}""#))
        #expect(lines.contains { $0.hasPrefix("RUN useradd --create-home --home-dir /claw --shell /bin/bash claw") })
        #expect(dockerfile.contains("TrustedUserCAKeys /var/lib/pomerium/pomerium_user_ca_key.pub"))
        #expect(dockerfile.contains("PermitRootLogin no"))
        #expect(lines.contains("COPY entrypoint.sh /entrypoint.sh"))
        #expect(lines.contains("EXPOSE 22"))
        #expect(lines.last == "CMD [\"/entrypoint.sh\"]")
        let install = try #require(lines.first { $0.contains("apt-get install") })
        for package in ["curl", "openssh-server", "ca-certificates", "jq"] { #expect(install.contains(" \(package)")) }
        for package in ["git", "sudo"] { #expect(!install.contains(" \(package) ") && !install.hasSuffix(" \(package)")) }
    }

    /// npm 11.16 and later need `--allow-scripts=openclaw` for OpenClaw's install scripts to run;
    /// npm 11.15 and earlier refuse the option (docs/install/index.md). The Dockerfile's install
    /// step, run by `sh` with an `npm` that reports each version, passes it exactly then.
    @Test(arguments: [("10.9.2", false), ("11.15.0", false), ("11.16.0", true), ("11.19.1", true), ("12.0.1", true)])
    func npmGetsAllowScriptsExactlyWhenItKnowsIt(_ version: String, _ allows: Bool) throws {
        let dockerfile = try String(contentsOfFile: StackEngine.repositoryFile("docker/openclaw/Dockerfile"), encoding: .utf8)
        let step = try #require(dockerfile.components(separatedBy: "\n\n").first { $0.contains("npm install -g") })
        let run = try #require(step.range(of: "RUN "))
        let command = String(step[run.upperBound...])
        let scratch = try TemporaryDirectory("pomclaw-npm")
        defer { scratch.remove() }
        let npm = scratch.path + "/npm"
        try Data("""
            #!/bin/sh
            if [ "$1" = --version ]; then echo \(version); exit 0; fi
            if [ "$1" = install ]; then printf '%s\\n' "$@" >"\(scratch.path)/argv"; fi
            """.utf8).write(to: URL(fileURLWithPath: npm))
        chmod(npm, 0o755)
        let result = try ChildProcess.run(
            ["/bin/sh", "-c", command], environment: ["PATH": scratch.path + ":/usr/bin:/bin", "OPENCLAW_VERSION": "2026.6.5"])
        try #require(result.status == 0, "\(command)\n\(result.stderr)")
        let argv = try String(contentsOfFile: scratch.path + "/argv", encoding: .utf8).split(separator: "\n")
        let expected = ["install", "-g"] + (allows ? ["--allow-scripts=openclaw"] : []) + ["openclaw@2026.6.5"]
        #expect(argv == expected[...].map { Substring($0) }, "npm \(version): \(argv)")
    }

    /// The stand-in gateway image repeats the real Dockerfile's user and sshd steps verbatim,
    /// so what the stack tests prove about them holds for the real image.
    @Test func theStandInGatewayRepeatsTheRealSteps() throws {
        let real = try String(contentsOfFile: StackEngine.repositoryFile("docker/openclaw/Dockerfile"), encoding: .utf8)
        let standIn = try String(
            contentsOfFile: StackEngine.repositoryFile("Tests/Docker/standin/openclaw/Dockerfile"), encoding: .utf8)
        let steps = real.components(separatedBy: "\n\n").filter {
            $0.contains("useradd") || $0.contains("TrustedUserCAKeys") || $0.hasPrefix("WORKDIR")
        }
        #expect(steps.count == 3)
        for step in steps {
            let commands = step.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            #expect(standIn.contains(commands), "the stand-in lacks:\n\(commands)")
        }
    }

    @Test func theEntrypointIsValidShAndFreeOfTheOldHabits() throws {
        let path = StackEngine.repositoryFile("docker/openclaw/entrypoint.sh")
        let syntax = try ChildProcess.run(["/bin/sh", "-n", path], environment: [:])
        #expect(syntax.status == 0, "\(syntax.stderr)")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        let code = script.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n")
        #expect(!code.contains("su -"), "OpenClaw runs through runuser with an argument list")
        #expect(!code.contains("chown -R"))
        #expect(!code.contains("/dev/null"), "no output is discarded")
        #expect(!code.contains("trustedProxy"), "trusted-proxy settings are pomclaw's to converge")
        #expect(!code.contains("allowedOrigins"))
        #expect(!code.contains("dangerouslyDisableDeviceAuth"))
        #expect(code.contains("exec runuser -u claw -- openclaw gateway"))
        #expect(code.contains("--batch-file"))
    }

    @Test func thePinnedVersionHasOneDefault() throws {
        let example = try String(contentsOfFile: StackEngine.repositoryFile(".env.example"), encoding: .utf8)
        #expect(example.contains("\nOPENCLAW_VERSION=\(Settings.defaultOpenClawVersion)\n"))
        #expect(StackEngine.openclawVersion == Settings.defaultOpenClawVersion)
        let compose = try String(contentsOfFile: StackEngine.repositoryFile("compose.yaml"), encoding: .utf8)
        #expect(!compose.contains("OPENCLAW_VERSION:-"), "compose has no default of its own")
    }
}
