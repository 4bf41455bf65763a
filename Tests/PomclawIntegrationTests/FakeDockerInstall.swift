import Foundation
import PomclawCore
import PomclawTestSupport

/// An install directory driven with the fake `docker` directly (no pomclaw): this checkout's
/// compose.yaml and docker/openclaw, an `.env` naming the OpenClaw release, and the fake Docker
/// host whose state and call log the tests read.
struct FakeDockerInstall: Sendable {
    let host: FakeDockerHost
    let scratch: TemporaryDirectory
    var path: String { scratch.file("install") }

    init(version: String = StackEngine.openclawVersion, settings: [String: String] = [:]) throws {
        host = try FakeDockerHost(settings: settings)
        scratch = try TemporaryDirectory("pomclaw-fake-install")
        try StackFixture.copyStackFiles(to: path)
        try FileManager.default.createDirectory(
            atPath: path + "/openclaw-data/config/.openclaw", withIntermediateDirectories: true)
        try Data("POMERIUM_ZERO_TOKEN=zero\nPOMERIUM_CLUSTER_DOMAIN=fake.pomerium.app\n".utf8)
            .write(to: URL(fileURLWithPath: path + "/.env"))
        try setVersion(version)
    }

    /// `docker ARGS…` in the install directory; throws when it does not end within a minute.
    @discardableResult
    func docker(_ arguments: [String], stdin: Data? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(
            [host.folder.file("bin/docker")] + arguments, environment: host.environment, stdin: stdin, directory: path,
            timeout: .seconds(60))
    }

    /// Builds the image of the release in `.env` and starts the stack.
    func up() throws {
        for step in [["compose", "build"], ["compose", "up", "-d"]] {
            let result = try docker(step)
            guard result.status == 0 else { throw TestFailure("docker \(step.joined(separator: " ")): \(result.stderr)") }
        }
    }

    /// `exec -T -u claw openclaw-gateway openclaw ARGS…`, as pomclaw runs the CLI.
    func openclaw(_ arguments: [String], stdin: Data? = nil) throws -> ChildProcess.Result {
        try docker(["compose", "exec", "-T", "-u", "claw", "-e", "NO_COLOR=1", "openclaw-gateway", "openclaw"] + arguments, stdin: stdin)
    }

    /// `curl -s -o /dev/null -w FORMAT URL` in the gateway container (`format` nil: the body).
    func curl(_ url: String, format: String? = "%{http_code}") throws -> ChildProcess.Result {
        let output = format.map { ["-o", "/dev/null", "-w", $0] } ?? []
        return try docker(["compose", "exec", "-T", "openclaw-gateway", "curl", "-s", "--max-time", "5"] + output + [url])
    }

    /// Polls `check` (every 100 ms, for up to 30 s) until it holds.
    func poll(_ check: () throws -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            if (try? check()) == true { return true }
            usleep(100_000)
        }
        return false
    }

    /// The gateway's config file, as pomclaw writes it before the first start.
    func writeConfig(_ json: String) throws {
        try Data(json.utf8).write(to: URL(fileURLWithPath: path + "/openclaw-data/config/.openclaw/openclaw.json"))
    }

    /// Sets `key=value` in `.env`.
    func setEnv(_ key: String, _ value: String) throws {
        try EnvFileLine.set(key, value, in: path + "/.env")
    }

    func setVersion(_ version: String) throws { try setEnv("OPENCLAW_VERSION", version) }

    /// Adds `NAME: "value"` to the gateway service's `environment:` in compose.yaml.
    func addGatewayEnvironment(_ name: String, _ value: String) throws {
        try GatewayEnvironment.add(name, value, toComposeIn: path)
    }

    func remove() {
        scratch.remove()
        host.remove()
    }
}
