import Foundation
import PomclawTestSupport

/// The stand-in OpenClaw (`Tests/Docker/standin/openclaw`) run directly on this host as one
/// release, with a HOME (and so a state dir, `~/.openclaw`) of its own: its CLI as a process and
/// its gateway on 127.0.0.1. Much faster than a container where the container is not the point.
/// Container detection is off (`OPENCLAW_STANDIN_CONTAINER=0`), so the gateway's default bind
/// is loopback and nothing listens beyond 127.0.0.1. `remove()` deletes the HOME.
struct StandInOpenClaw: Sendable {
    let version: String
    let scratch: TemporaryDirectory
    /// Restart timing of the gateways it starts (the stand-in's knobs).
    var restartSeconds = "1"
    var drainMilliseconds = "400"

    static var cli: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docker/standin/openclaw/openclaw").path
    }

    /// A new HOME; `config` (JSON5 text), when given, is the config file.
    init(version: String = StackEngine.openclawVersion, config: String? = nil) throws {
        self.version = version
        scratch = try TemporaryDirectory("pomclaw-standin")
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        if let config { try write(config) }
    }

    var stateDirectory: String { scratch.file(".openclaw") }
    var configFile: String { stateDirectory + "/openclaw.json" }

    /// Replaces the config file, as an editor would.
    func write(_ config: String) throws {
        try Data(config.utf8).write(to: URL(fileURLWithPath: configFile))
    }

    /// The config file as JSON.
    func config() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: configFile))
        guard let config = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(configFile)")
        }
        return config
    }

    /// The environment of every child: this HOME and release, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": scratch.path, "OPENCLAW_STANDIN_VERSION": version,
            "OPENCLAW_STANDIN_CONTAINER": "0", "STANDIN_RESTART_SECONDS": restartSeconds,
            "STANDIN_DRAIN_MS": drainMilliseconds,
        ].merging(extra) { $1 }
    }

    /// `openclaw ARGS…` with `env` added, stdin from `stdin`.
    func cli(_ arguments: [String], env: [String: String] = [:], stdin: Data? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(
            ["/usr/bin/python3", Self.cli] + arguments, environment: environment(env), stdin: stdin,
            timeout: .seconds(60))
    }

    /// `openclaw gateway ARGS…` that must not start: its result (bounded).
    func gatewayFailing(_ arguments: [String] = [], env: [String: String] = [:]) throws -> ChildProcess.Result {
        try cli(["gateway"] + arguments, env: env)
    }

    /// `openclaw gateway ARGS…` on a free port (unless `arguments` or the config name one),
    /// started and listening.
    func gateway(_ arguments: [String] = [], env: [String: String] = [:]) throws -> StandInGateway {
        let port = try LoopbackPort.free()
        let portArguments = arguments.contains("--port") ? [] : ["--port", String(port)]
        let child = try RunningChild(
            ["/usr/bin/python3", Self.cli, "gateway"] + arguments + portArguments, environment: environment(env))
        let gateway = StandInGateway(child: child, port: port)
        guard gateway.waitForLog("listening on ws://") else {
            child.stop()
            throw TestFailure("the stand-in gateway did not start:\n\(gateway.log)\n\(child.errorOutput)")
        }
        return gateway
    }

    func remove() { scratch.remove() }

    /// Runs `body` with a stand-in of `version` holding `config`, its gateway started with
    /// `env` and the restart timing given; stops and removes both afterwards.
    static func withGateway(
        _ version: String = StackEngine.openclawVersion, config: String, restartSeconds: String = "1",
        drainMilliseconds: String = "400", env: [String: String] = [:],
        _ body: (StandInOpenClaw, StandInGateway) throws -> Void
    ) throws {
        var openclaw = try StandInOpenClaw(version: version, config: config)
        openclaw.restartSeconds = restartSeconds
        openclaw.drainMilliseconds = drainMilliseconds
        defer { openclaw.remove() }
        let gateway = try openclaw.gateway(env: env)
        defer { gateway.stop() }
        try body(openclaw, gateway)
    }
}

/// A stand-in gateway process on 127.0.0.1:`port`; `stop()` kills it.
final class StandInGateway: @unchecked Sendable {
    let child: RunningChild
    let port: UInt16
    private(set) var log = ""

    init(child: RunningChild, port: UInt16) {
        self.child = child
        self.port = port
    }

    deinit { child.stop() }

    var url: String { "ws://127.0.0.1:\(port)" }

    /// What the CLI needs to find this gateway (it was started with `--port`).
    var cliEnvironment: [String: String] { ["OPENCLAW_GATEWAY_PORT": String(port)] }

    /// Reads the gateway's log until it holds `text` (true) or `timeout` passed (false).
    func waitForLog(_ text: String, timeout: Duration = .seconds(30)) -> Bool {
        let before = log
        log += child.read(timeout: timeout) { (before + $0).contains(text) }
        return log.contains(text)
    }

    /// `METHOD path` to the gateway with `headers`.
    func http(_ path: String, method: String = "GET", headers: [(String, String)] = [], body: String? = nil) throws
        -> PlainHTTP.Response
    {
        try PlainHTTP.request(method, host: "127.0.0.1", port: port, path: path, headers: headers, body: body)
    }

    /// A Control UI handshake with the gateway (see `ControlUIHandshake`).
    func handshake(headers: [(String, String)] = [], origin: String? = nil, extra: [String] = []) throws
        -> ControlUIHandshake.Outcome
    {
        try ControlUIHandshake.run(url, headers: headers, origin: origin, extra: extra)
    }

    /// Polls `GET path` every 50 ms until `accept` holds for the status (nil: refused); true
    /// when it did within `timeout`.
    func poll(_ path: String, timeout: Duration = .seconds(20), until accept: (Int?) -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if accept(try? http(path).status) { return true }
            usleep(50_000)
        }
        return false
    }

    func stop() { child.stop() }
}
