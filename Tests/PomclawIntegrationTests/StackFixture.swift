import Foundation
import PomclawCore
import PomclawTestSupport
import Synchronization

/// An install directory holding this checkout's real stack files (compose.yaml and
/// docker/openclaw), an `.env` that publishes Pomerium on 127.0.0.1 with ports Docker picks,
/// on a network of its own, and a User CA made with ssh-keygen whose public key is where the
/// gateway's sshd reads it. Compose runs there with the stand-in images (`StackEngine`).
///
/// Nothing runs until `up()`. `tearDown()` must be called, on failure too: it removes the
/// containers, network, volumes and the directory. `StackStandInTests.withStack` shows the
/// pattern. To run pomclaw on it instead, make the fixture (leave out the `.env` keys
/// pomclaw should supply by passing nil in `settings`), run the binary with `--dir path`,
/// then use `publishedPort`, `address`, `state`, `openclaw` and `logs` to check the result.
struct StackFixture: Sendable {
    /// Holds the install directory and the CA's private key (outside the install).
    let scratch: TemporaryDirectory
    /// The install directory; its name is the Compose project name.
    let path: String
    let project: String
    let clusterDomain = "stack-test.pomerium.app"
    let operatorEmail = "operator@example.com"
    let subnet: String
    let pomeriumIP: String
    /// The User CA's private key; its `.pub` is in openclaw-data/pomerium-ssh.
    var userCA: String { scratch.file("pomerium_user_ca_key") }
    var install: InstallDirectory { InstallDirectory(path) }
    /// The Compose this fixture runs its own commands with.
    let flavor: ComposeFlavor
    /// `<project>_main`, the network the stack's containers share.
    var network: String { project + "_main" }

    /// Makes the install directory. `settings` replace or add `.env` lines (a nil value
    /// leaves the key out); `config` seeds openclaw-data/config/.openclaw/openclaw.json.
    init(settings: [String: String?] = [:], config: String? = nil, compose: ComposeFlavor = .preferred) throws {
        try StackEngine.requireReady()
        flavor = compose
        scratch = try TemporaryDirectory("pomclaw-stack")
        // Lowercase letters and digits only: Compose v1 and v2 then agree on the project name.
        project = "pomclawstack" + UUID().uuidString.prefix(8).lowercased().filter(\.isHexDigit)
        path = scratch.file(project)
        let octet = try StackSubnets.reserve()
        subnet = "10.213.\(octet).0/24"
        pomeriumIP = "10.213.\(octet).10"
        do {
            try Self.copyStackFiles(to: path)
            for folder in ["openclaw-data/config/.openclaw", "openclaw-data/workspace", "openclaw-data/pomerium-ssh"] {
                try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
            }
            try OpenSSH.generate(userCA, ["-t", "ed25519", "-C", "stack test User CA"])
            try FileManager.default.copyItem(
                atPath: userCA + ".pub", toPath: install.sshPublicDirectory + "/pomerium_user_ca_key.pub")
            var values: [String: String?] = [
                "POMERIUM_ZERO_TOKEN": "zero-cluster-token-standin", "POMERIUM_CLUSTER_DOMAIN": clusterDomain,
                "OPERATOR_EMAIL": operatorEmail, "OPENCLAW_VERSION": StackEngine.openclawVersion,
                "POMCLAW_BIND_ADDRESS": "127.0.0.1", "POMCLAW_HTTPS_PORT": "0", "POMCLAW_SSH_PORT": "0",
                "POMCLAW_SUBNET": subnet, "POMCLAW_POMERIUM_IP": pomeriumIP,
            ]
            values.merge(settings) { $1 }
            let env = values.compactMap { key, value in value.map { "\(key)=\($0)" } }.sorted()
            try AtomicFile.write(Data((env.joined(separator: "\n") + "\n").utf8), to: install.envFile, mode: 0o600)
            if let config {
                try Data(config.utf8).write(to: URL(fileURLWithPath: path + "/openclaw-data/config/.openclaw/openclaw.json"))
            }
        } catch {
            StackSubnets.release(octet)
            scratch.remove()
            throw error
        }
    }

    /// compose.yaml and docker/openclaw of this checkout, as an install has them.
    static func copyStackFiles(to path: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: path + "/docker", withIntermediateDirectories: true)
        try files.copyItem(atPath: StackEngine.repositoryFile("compose.yaml"), toPath: path + "/compose.yaml")
        try files.copyItem(atPath: StackEngine.repositoryFile("docker/openclaw"), toPath: path + "/docker/openclaw")
    }

    // MARK: Compose and docker

    /// Compose `ARGS…` in the install directory, stdin from `stdin`, on a thread of its own.
    func compose(_ arguments: [String], stdin: Data? = nil, timeout: Duration = .seconds(120)) async throws
        -> ChildProcess.Result
    {
        guard let command = flavor.command else { throw TestFailure("Compose \(flavor.rawValue) is not installed") }
        let directory = path
        return try await onOwnThread {
            try ChildProcess.run(
                command + arguments, environment: StackEngine.childEnvironment, stdin: stdin, directory: directory,
                timeout: timeout)
        }
    }

    /// Compose `ARGS…` that must succeed; returns its stdout.
    @discardableResult
    func composeChecked(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> String {
        let result = try await compose(arguments, timeout: timeout)
        guard result.status == 0 else {
            throw TestFailure("compose \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.stderr)")
        }
        return result.stdout
    }

    /// `docker ARGS…`, on a thread of its own.
    func docker(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ChildProcess.Result {
        try await onOwnThread { try StackEngine.docker(arguments, timeout: timeout) }
    }

    /// `up -d --no-build` of `services` (all when empty). Never builds: the images exist.
    func up(_ services: [String] = []) async throws {
        try await composeChecked(["up", "-d", "--no-build"] + services, timeout: .seconds(180))
    }

    /// Removes the stack (containers, network, volumes) and the directories. Never throws.
    func tearDown() async {
        _ = try? await compose(["down", "--volumes", "--remove-orphans", "--timeout", "5"], timeout: .seconds(120))
        scratch.remove()
        StackSubnets.release(octet)
    }

    /// The third octet of `subnet`.
    private var octet: Int { Int(subnet.split(separator: ".")[2])! }

    /// The host port Docker published for `service`'s container port `port`.
    func publishedPort(_ service: String, _ port: Int) async throws -> UInt16 {
        let output = try await composeChecked(["port", service, String(port)])
        guard let last = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last,
            let number = UInt16(last)
        else { throw TestFailure("no published port for \(service):\(port): \(output)") }
        return number
    }

    /// What `docker inspect` says about `service`'s container now.
    func state(_ service: String) async throws -> ContainerState {
        let id = try await composeChecked(["ps", "-a", "-q", service]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty else { throw TestFailure("\(service) has no container") }
        let inspected = try await docker(["inspect", "--type", "container", id])
        guard inspected.status == 0 else { throw TestFailure("docker inspect \(id): \(inspected.stderr)") }
        guard let state = try ContainerState.parse(inspected.stdout).first else { throw TestFailure("no state for \(id)") }
        return state
    }

    /// `service`'s address on `<project>_main`.
    func address(_ service: String) async throws -> String {
        let state = try await state(service)
        guard let address = state.networks[network], !address.isEmpty else {
            throw TestFailure("\(service) has no address on \(network): \(state.networks)")
        }
        return address
    }

    /// The last `tail` log lines of `service`.
    func logs(_ service: String, tail: Int = 200) async -> String {
        let result = try? await compose(["logs", "--no-color", "--tail", String(tail), service])
        return (result?.stdout ?? "") + (result?.stderr ?? "")
    }

    // MARK: The gateway

    /// The OpenClaw CLI in the gateway container, as pomclaw runs it:
    /// `exec -T -u claw -e NO_COLOR=1 openclaw-gateway openclaw ARGS…`.
    func openclaw(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await compose(["exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw"] + arguments)
    }

    /// pomclaw's readiness probe, read as pomclaw reads it.
    func gatewayAnswers() async throws -> Bool {
        let probe = try await compose(DockerCommand.gatewayProbe.arguments)
        return GatewayReadiness(DockerResult(status: probe.status, stdout: probe.stdout, stderr: probe.stderr)).isReady
    }

    /// Waits until the probe succeeds; throws with the gateway's log after `seconds`.
    func waitForGateway(seconds: Int = 90) async throws {
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while Date() < deadline {
            if try await gatewayAnswers() { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw TestFailure("the gateway did not answer within \(seconds) s:\n\(await logs("openclaw-gateway"))")
    }
}

/// The `10.213.<octet>.0/24` subnets of the stacks this test process runs. Two stacks that
/// ask Docker for overlapping subnets fail ("Pool overlaps with other one on this address
/// space"), so each fixture gets an octet no live fixture holds and no existing Docker network
/// uses (a stack another run left behind).
enum StackSubnets {
    private static let reserved = Mutex<Set<Int>>([])

    /// An octet in 16…250, free here and on the engine; released by `release`.
    static func reserve() throws -> Int {
        let taken = try subnetsInUse()
        return try reserved.withLock { held in
            let free = (16...250).filter { !held.contains($0) && !taken.contains("10.213.\($0).0/24") }
            guard let octet = free.randomElement() else {
                throw TestFailure("no free 10.213.x.0/24 subnet is left for a test stack: remove stale networks with `docker network prune`")
            }
            held.insert(octet)
            return octet
        }
    }

    static func release(_ octet: Int) {
        _ = reserved.withLock { $0.remove(octet) }
    }

    /// The subnets of every Docker network on the engine.
    private static func subnetsInUse() throws -> Set<String> {
        let listed = try StackEngine.docker(["network", "ls", "--quiet"])
        guard listed.status == 0 else { throw TestFailure("docker network ls failed: \(listed.stderr)") }
        let ids = listed.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !ids.isEmpty else { return [] }
        let inspected = try StackEngine.docker(
            ["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}"] + ids)
        // A network removed between the two calls makes inspect fail for that one only.
        return Set(inspected.stdout.split(whereSeparator: \.isWhitespace).map(String.init))
    }
}
