import Foundation
import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing

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
        let environment = [
            "PATH": path,
            "POMCLAW_ZERO_API": cli.baseURL.absoluteString,
        ]
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

    /// `GET /` through Pomerium's published HTTPS port, signed in as `login` (none: anonymous).
    func throughPomerium(as login: String?, headers: [(String, String)] = []) async throws -> PlainHTTP.Response {
        let port = try await stack.publishedPort(StackNames.pomerium, 443)
        let signIn = login.map { [("X-Standin-Login", $0)] } ?? []
        return try PlainHTTP.get(host: "127.0.0.1", port: port, headers: signIn + headers)
    }

    /// `GET /` from the host straight to the gateway's address on the stack network, with
    /// Pomerium's identity headers forged for `email`.
    func straightToGateway(forging email: String) async throws -> PlainHTTP.Response {
        let gateway = try await stack.address(StackNames.gateway)
        return try PlainHTTP.get(
            host: gateway, port: 18789,
            headers: [("x-pomerium-claim-email", email), ("X-Pomerium-Jwt-Assertion", "forged")])
    }

    /// A response body as a JSON object.
    static func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }
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
