import Foundation
import PomclawCore
import Synchronization

/// A gateway container's OpenClaw for unit tests: its CLI over a JSON config held in memory,
/// and its gateway process as the probe and RPCs see it. Each behaviour follows a source:
///
/// - `config get <path> --json`: the value as JSON, secrets redacted; a missing path exits 1
///   with `Config path not found: <path>` on stderr (openclaw-audit.md #31, #32, #35).
/// - `config patch --stdin`: a merge patch (objects merge, other values replace, `null`
///   deletes), validated as a whole: before 2026.8.1 `deviceAutoApprove` and `identityScopes`
///   are unknown keys and the write is refused (docs/cli/config.md "`config patch`";
///   openclaw-versions.md §1, §2). Knobs: writes that conflict (openclaw-audit.md #44).
/// - A write that changes `gateway.*` (but `reload`/`remote`) restarts the gateway in its
///   process: after a 300 ms debounce nothing listens for `restartSeconds`, then it serves
///   again with a fresh uptime; `reload.mode: off` means no restart (openclaw-versions.md §4).
///   Only with a clock (`time`): without one the gateway never restarts.
/// - `devices clear --yes [--pending]`: a Gateway RPC; refused while nothing listens, and
///   refused as unauthorized in trusted-proxy mode (the CLI has no credential there); served
///   with a token or password in the config (openclaw-audit.md #49, #50; openclaw-versions.md
///   §7). The error words are this fake's; pomclaw reads only the status.
/// - The gateway probe (`exec … curl … /readyz`): 200 with `uptimeMs` on 127.0.0.1 and 200 on
///   the stack network while serving, connection refused (`000`) while restarting
///   (openclaw-versions.md §5).
/// - `--version`: `OpenClaw <version> (<commit>)` (openclaw-audit.md #4).
///
/// Tests can also script any result. Anything else returns nil (unexpected).
public final class FakeGateway: Sendable {
    struct State {
        var config: JSONObject
        var release: OpenClawRelease
        var conflicts = 0
        var scripted: [(matches: @Sendable ([String]) -> Bool, result: DockerResult)] = []
        var writes = 0
        var restarts = 0
        /// When the gateway process (re)started serving; nil without a clock.
        var startedAt: Date?
        /// A restart a write caused: nothing listens from `from` until `until`.
        var restart: (from: Date, until: Date)?
        var devicesCleared: [[String]] = []
        var inputs: [String] = []
    }

    /// How long nothing listens during a restart. Seconds: about 7 s to "starting HTTP server"
    /// were seen on a real host (openclaw-versions.md §4); a test needs only a few polls.
    public static let restartSeconds = 2.0
    /// The reload debounce (openclaw-audit.md #48, `config-reload.ts:23`).
    public static let debounce = 0.3

    private let state: Mutex<State>
    private let time: FakeTimekeeper?

    /// `gateway` is the `gateway` object of the config; nil for a config without one. With a
    /// `time`, config writes restart the gateway on that clock.
    public init(gateway: JSONObject? = nil, version: String = Settings.defaultOpenClawVersion, time: FakeTimekeeper? = nil) {
        self.time = time
        state = Mutex(
            State(
                config: gateway.map { ["gateway": .object($0)] } ?? [:],
                release: OpenClawRelease(version) ?? OpenClawCapabilities.oldestSupported,
                startedAt: time?.now.addingTimeInterval(-3600)))
    }

    /// The stored `gateway` object, unredacted.
    public var gateway: JSONObject? { state.withLock { $0.config["gateway"]?.objectValue } }

    /// Replaces the stored `gateway` object (as if something else wrote the config).
    public func setGateway(_ gateway: JSONObject) {
        state.withLock { $0.config["gateway"] = .object(gateway) }
    }

    /// How many writes succeeded.
    public var writes: Int { state.withLock { $0.writes } }
    /// How many restarts the writes caused.
    public var restarts: Int { state.withLock { $0.restarts } }
    /// The argv of each `devices clear` that the gateway served.
    public var devicesCleared: [[String]] { state.withLock { $0.devicesCleared } }
    /// The stdin of each command that had one, in order.
    public var inputs: [String] { state.withLock { $0.inputs } }

    /// The next `count` writes fail with a config conflict; `Int.max` for all of them.
    public func conflict(times count: Int) { state.withLock { $0.conflicts = count } }
    /// The first command whose OpenClaw argv satisfies `matches` gets `result` (once).
    public func script(_ result: DockerResult, when matches: @escaping @Sendable ([String]) -> Bool) {
        state.withLock { $0.scripted.append((matches, result)) }
    }

    /// The OpenClaw argv of a command (after `openclaw`), or nil when it is not an OpenClaw
    /// CLI call in the gateway container.
    public static func openclawArguments(_ command: DockerCommand) -> [String]? {
        let argv = command.arguments
        guard command.tool == .compose, argv.first == "exec",
            let service = argv.firstIndex(of: StackNames.gateway), argv.indices.contains(service + 1),
            argv[service + 1] == "openclaw"
        else { return nil }
        return Array(argv[(service + 2)...])
    }

    /// The answer to `command`, or nil when it is not an OpenClaw call or probe this fake knows.
    public func answer(_ command: DockerCommand) -> DockerResult? {
        let now = time?.now
        if command == .gatewayProbe { return state.withLock { Self.probe(&$0, now) } }
        guard let args = Self.openclawArguments(command) else { return nil }
        return state.withLock { state -> DockerResult? in
            if let input = command.input { state.inputs.append(input.value) }
            if let index = state.scripted.firstIndex(where: { $0.matches(args) }) {
                return state.scripted.remove(at: index).result
            }
            return Self.handle(args, input: command.input?.value, now, &state)
        }
    }

    private static func handle(_ args: [String], input: String?, _ now: Date?, _ state: inout State) -> DockerResult? {
        switch args {
        case ["--version"]: return DockerResult(stdout: "OpenClaw \(state.release) (0123abc)\n")
        case ["devices", "clear", "--yes"], ["devices", "clear", "--yes", "--pending"]: return clearDevices(args, now, &state)
        case ["config", "patch", "--stdin"]: return patch(input ?? "", now, &state)
        default: break
        }
        guard args.count == 4, args.starts(with: ["config", "get"]), args[3] == "--json" else { return nil }
        guard let value = FakeConfigTree.get(state.config, args[2]) else {
            return DockerResult(status: 1, stderr: "Config path not found: \(args[2])\n")
        }
        return DockerResult(stdout: String(decoding: redacted(value, path: args[2]).encoded(), as: UTF8.self) + "\n")
    }

    private static func patch(_ input: String, _ now: Date?, _ state: inout State) -> DockerResult {
        if state.conflicts > 0 {
            state.conflicts -= 1
            return DockerResult(status: 1, stderr: "Error: ConfigMutationConflictError: config changed since last load\n")
        }
        guard let document = try? JSONValue.parse(Data(input.utf8)).objectValue else {
            return DockerResult(status: 1, stderr: "Error: the patch must be a JSON5 object\n")
        }
        let merged = FakeConfigTree.merge(state.config, document)
        let auth = merged["gateway"]?.objectValue?["auth"]?.objectValue
        if state.release < OpenClawCapabilities.deviceAuthRework {
            var unknown: [String] = []
            if auth?["trustedProxy"]?.objectValue?["deviceAutoApprove"] != nil { unknown.append("gateway.auth.trustedProxy") }
            if auth?["identityScopes"] != nil { unknown.append("gateway.auth") }
            if !unknown.isEmpty {
                let lines = unknown.map { "- \($0): Unrecognized key" }.joined(separator: "\n")
                return DockerResult(status: 1, stderr: "Config invalid at openclaw.json.\n\(lines)\n")
            }
        }
        let before = state.config["gateway"]?.objectValue ?? [:]
        let after = merged["gateway"]?.objectValue ?? [:]
        state.config = merged
        state.writes += 1
        let restarts = Set(before.keys).union(after.keys).contains { key in
            key != "reload" && key != "remote" && before[key] != after[key]
        }
        let reloadOff = after["reload"]?.objectValue?["mode"] == "off"
        if restarts, !reloadOff, let now {
            _ = settle(&state, now)
            state.restarts += 1
            let from = state.restart?.from ?? now.addingTimeInterval(debounce)
            state.restart = (from, max(from, now).addingTimeInterval(restartSeconds))
        }
        return DockerResult(stdout: restarts ? "Restart the gateway to apply.\n" : "No gateway restart needed.\n")
    }

    /// Whether the gateway listens at `now`; ends a restart that is over.
    private static func settle(_ state: inout State, _ now: Date?) -> Bool {
        guard let now, let restart = state.restart else { return true }
        if now < restart.from { return true }
        if now < restart.until { return false }
        state.startedAt = restart.until
        state.restart = nil
        return true
    }

    private static func clearDevices(_ args: [String], _ now: Date?, _ state: inout State) -> DockerResult {
        guard settle(&state, now) else {
            return DockerResult(status: 1, stderr: "Error: gateway not reachable: connect ECONNREFUSED 127.0.0.1:18789\n")
        }
        let auth = state.config["gateway"]?.objectValue?["auth"]?.objectValue ?? [:]
        let mode = auth["mode"]?.stringValue
        let hasSecret = (mode == "token" && auth["token"] != nil) || (mode == "password" && auth["password"] != nil)
        guard hasSecret else {
            return DockerResult(status: 1, stderr: "Error: unauthorized\n")
        }
        state.devicesCleared.append(args)
        return DockerResult(stdout: "Cleared devices.\n")
    }

    private static func probe(_ state: inout State, _ now: Date?) -> DockerResult {
        guard settle(&state, now) else { return FakeProbe.down }
        guard let now, let started = state.startedAt else { return FakeProbe.ready(uptime: nil) }
        return FakeProbe.ready(uptime: now.timeIntervalSince(started))
    }

    private static func redacted(_ value: JSONValue, path: String) -> JSONValue {
        guard path == "gateway", var gateway = value.objectValue, var auth = gateway["auth"]?.objectValue else {
            return value
        }
        for key in ["token", "password"] where auth[key] != nil {
            auth[key] = .string(GatewayConfig.redacted)
        }
        gateway["auth"] = .object(auth)
        return .object(gateway)
    }
}
