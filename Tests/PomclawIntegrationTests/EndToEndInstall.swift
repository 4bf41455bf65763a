import Foundation
import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing
import ZeroSimulator

/// The built `pomclaw` binary on the real Docker engine: a `StackFixture` install directory
/// (stand-in images, ports on 127.0.0.1, a network of its own) holding nothing but an `.env`
/// with the fixture's POMCLAW_* lines, the Zero simulator of a `CLIFixture`, and the real
/// `docker` and Compose on PATH (v2 or v1, as the test asks). Every pomclaw result is kept, to be checked for
/// secrets at the end.
struct EndToEndInstall: Sendable {
    let cli: CLIFixture
    let stack: StackFixture
    private let results = Recorder<PomclawProcess.Result>()

    /// A new install directory; nothing runs yet.
    /// The PATH pomclaw runs with: it finds the fixture's Compose (`ComposeFlavor.path`).
    private let path: String

    private init(cli: CLIFixture, compose: ComposeFlavor) throws {
        self.cli = cli
        stack = try StackFixture(settings: [
            "POMERIUM_ZERO_TOKEN": nil, "POMERIUM_CLUSTER_DOMAIN": nil, "OPERATOR_EMAIL": nil, "OPENCLAW_VERSION": nil,
        ], compose: compose)
        path = try compose.path(scratch: stack.scratch)
        // Only `.env` stays: pomclaw writes the stack files and its own User CA (the
        // fixture's must play no part), and the gateway makes its folders.
        for name in ["compose.yaml", "docker", "openclaw-data"] {
            try FileManager.default.removeItem(atPath: stack.path + "/" + name)
        }
    }

    /// Runs `body` on a new install directory, then removes the stack (containers, network,
    /// volumes) and the directory, also when `body` throws; a failure carries the logs.
    /// `compose` is the Compose both pomclaw and the fixture use.
    static func with(
        _ cli: CLIFixture, compose: ComposeFlavor = .preferred, _ body: (EndToEndInstall) async throws -> Void
    ) async throws {
        let run = try EndToEndInstall(cli: cli, compose: compose)
        do {
            try await body(run)
        } catch {
            let gateway = await run.stack.logs("openclaw-gateway", tail: 40)
            let pomerium = await run.stack.logs("pomerium", tail: 20)
            await run.stack.tearDown()
            throw TestFailure("\(error)\n--- gateway log ---\n\(gateway)\n--- pomerium log ---\n\(pomerium)")
        }
        await run.stack.tearDown()
    }

    // MARK: Files

    /// The User CA public key where the gateway's sshd reads it.
    var installedCA: String { stack.install.sshPublicDirectory + "/" + InstallKeySpec.userCA.name + ".pub" }
    /// pomclaw's User CA private key.
    var generatedCA: String { stack.install.keysDirectory + "/" + InstallKeySpec.userCA.name }
    /// The gateway's config file as the host sees it.
    var gatewayConfigFile: String { stack.path + "/openclaw-data/config/.openclaw/openclaw.json" }

    /// The `.env` values now.
    func env() throws -> [String: String] { try DotEnvFile.read(from: stack.install.envFile).values }

    /// Replaces `key`'s value in `.env`, keeping every other line and the file's mode.
    func setEnv(_ key: String, _ value: String) throws {
        let text = try String(contentsOfFile: stack.install.envFile, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(key + "=") ? "\(key)=\(value)" : String(line)
        }
        try AtomicFile.write(Data(lines.joined(separator: "\n").utf8), to: stack.install.envFile, mode: 0o600)
    }

    // MARK: pomclaw

    /// `install` as a script runs it: every input on the command line (tokens as files), never
    /// prompting, every docker call logged.
    var installArguments: [String] {
        cli.arguments(["--non-interactive", "--yes", "--verbose"])
    }

    /// Runs the binary in the install directory with the real docker on PATH and the
    /// simulator as the Zero API, off the test's threads; keeps the result.
    func pomclaw(_ arguments: [String], timeout: Duration = .seconds(300)) async throws -> PomclawProcess.Result {
        // The engine the fixture uses (DOCKER_HOST and the like, when set), and nothing else of
        // the test process's environment.
        let environment = StackEngine.childEnvironment.filter { $0.key.hasPrefix("DOCKER_") }.merging([
            "PATH": path,
            "POMCLAW_ZERO_API": cli.baseURL.absoluteString,
        ]) { $1 }
        let directory = stack.path
        let result = try await onOwnThread {
            try PomclawProcess.run(arguments, environment: environment, directory: directory, timeout: timeout)
        }
        results.append(result)
        return result
    }

    /// Every pomclaw result so far.
    var allResults: [PomclawProcess.Result] { results.values }

    /// The docker commands a `--verbose` run logged (`docker: <command> → <status> in …`).
    static func dockerCalls(_ result: PomclawProcess.Result) -> [String] {
        result.stderr.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "docker: "), let end = line.range(of: " → ") else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        }
    }

    /// The OpenClaw CLI invocations among `calls`.
    static func openclawCalls(_ calls: [String]) -> [String] {
        calls.filter { $0.contains(" \(StackNames.gateway) openclaw ") }
    }

    // MARK: Requests

    /// The web route pomclaw left in the simulator, given to the stand-in Pomerium as the real
    /// one takes it from Pomerium Zero: its request headers, WebSockets and Host handling.
    func applyWebRoute() async throws {
        let domain = cli.clusters[0].fqdn
        let route = try #require(
            cli.sim.routes(org: cli.org).first { $0["from"]?.stringValue == "https://openclaw.\(domain)" },
            "no web route in the simulator")
        var applied: [String: JSON] = ["setRequestHeaders": route["setRequestHeaders"] ?? .object([:])]
        for flag in ["allowWebsockets", "preserveHostHeader"] { applied[flag] = route[flag] ?? .bool(false) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await stack.setRoute(String(decoding: try encoder.encode(JSON.object(applied)), as: UTF8.self))
    }

    /// The web route's request headers in the simulator now.
    func webRouteHeaders() throws -> [String: String] {
        let domain = cli.clusters[0].fqdn
        let route = cli.sim.routes(org: cli.org).first { $0["from"]?.stringValue == "https://openclaw.\(domain)" }
        guard case .object(let headers)? = route?["setRequestHeaders"] else { return [:] }
        return headers.compactMapValues(\.stringValue)
    }

    /// The Control UI's WebSocket handshake through Pomerium's published port, signed in as
    /// `login`, from the web route's origin, as a new browser.
    func controlUIThroughPomerium(as login: String, extra: [String] = []) async throws -> ControlUIHandshake.Outcome {
        let port = try await stack.publishedPort(StackNames.pomerium, 443)
        let origin = "https://openclaw.\(cli.clusters[0].fqdn)"
        return try await onOwnThread {
            try ControlUIHandshake.run(
                "ws://127.0.0.1:\(port)", headers: [("X-Standin-Login", login)], origin: origin, extra: extra)
        }
    }

    /// The same handshake from the host straight to the gateway's address on the stack
    /// network, with Pomerium's identity headers forged for `email`.
    func controlUIStraightToGateway(forging email: String) async throws -> ControlUIHandshake.Outcome {
        let gateway = try await stack.address(StackNames.gateway)
        let origin = "https://openclaw.\(cli.clusters[0].fqdn)"
        let forged = [("x-pomerium-claim-email", email), ("X-Pomerium-Jwt-Assertion", "forged")]
        return try await onOwnThread {
            try ControlUIHandshake.run("ws://\(gateway):18789", headers: forged, origin: origin)
        }
    }

    /// How many in-process restarts the gateway container has logged (`received SIGUSR1;
    /// restarting`, openclaw-versions.md §4) since it was created.
    func gatewayRestarts() async -> Int {
        await stack.logs(StackNames.gateway, tail: 5000).components(separatedBy: "received SIGUSR1; restarting").count - 1
    }

    /// A response body as a JSON object.
    static func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }
}

/// What each scenario of the end-to-end test cost: OpenClaw CLI invocations (from `--verbose`)
/// and in-process gateway restarts (from the gateway's log).
final class ScenarioCosts: Sendable {
    private let rows = Mutex<[String]>([])

    func record(_ scenario: String, openclaw: Int, restarts: Int) {
        rows.withLock { $0.append("\(scenario): \(openclaw) OpenClaw CLI invocation(s), \(restarts) gateway restart(s)") }
    }

    var report: String { rows.withLock { $0.joined(separator: "\n") } }
}

/// Collects every `gateway.auth.password` that appears in the gateway's config file while it
/// watches (the entrypoint's temporary first-boot password lives there only until pomclaw
/// switches the gateway to trusted-proxy auth), polling on a thread of its own.
final class ConfigPasswordWatcher: Sendable {
    private let file: String
    private let seen = Mutex<Set<String>>([])
    private let stopped = Atomic<Bool>(false)

    init(file: String) {
        self.file = file
        Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                if let password = read() { seen.withLock { _ = $0.insert(password) } }
                usleep(20_000)
            }
        }.start()
    }

    /// Stops watching; returns the passwords seen.
    func stop() -> Set<String> {
        stopped.store(true, ordering: .releasing)
        return seen.withLock { $0 }
    }

    private func read() -> String? {
        guard let data = FileManager.default.contents(atPath: file),
            let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let gateway = config["gateway"] as? [String: Any], let auth = gateway["auth"] as? [String: Any],
            let password = auth["password"] as? String, !password.isEmpty
        else { return nil }
        return password
    }
}
