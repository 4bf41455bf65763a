import Foundation
import PomclawCore
import Synchronization

/// The OpenClaw CLI of a fake gateway container: answers `compose exec … openclaw …` commands
/// from a JSON config held in memory, the way the real CLI does.
///
/// It knows `config get <path> --json`, `config set <path> <json> --strict-json`,
/// `config set --batch-json <array>`, `config set --batch-file /dev/stdin` (from the command's
/// input), `config unset <path>`, `devices clear --yes [--pending]` and `--version`; setting
/// `gateway.auth.mode` prunes the credentials the new mode does not use; `get` redacts
/// `gateway.auth.token` and `gateway.auth.password`. Tests can make writes conflict, make the
/// build reject batch mode, or script any result. Anything else returns nil (unexpected).
public final class FakeGateway: Sendable {
    struct State {
        var config: JSONObject
        var conflicts = 0
        var batchSupported = true
        var versionOutput = "OpenClaw 2026.6.5"
        var scripted: [(matches: @Sendable ([String]) -> Bool, result: DockerResult)] = []
        var writes = 0
        var devicesCleared: [[String]] = []
        var inputs: [String] = []
    }

    private let state: Mutex<State>

    /// `gateway` is the `gateway` object of the config; nil for a config without one.
    public init(gateway: JSONObject? = nil) {
        state = Mutex(State(config: gateway.map { ["gateway": .object($0)] } ?? [:]))
    }

    /// The stored `gateway` object, unredacted.
    public var gateway: JSONObject? { state.withLock { $0.config["gateway"]?.objectValue } }

    /// Replaces the stored `gateway` object (as if something else wrote the config).
    public func setGateway(_ gateway: JSONObject) {
        state.withLock { $0.config["gateway"] = .object(gateway) }
    }

    /// How many writes (sets and unsets) succeeded.
    public var writes: Int { state.withLock { $0.writes } }
    /// The argv of each `devices clear` that ran.
    public var devicesCleared: [[String]] { state.withLock { $0.devicesCleared } }
    /// The stdin of each command that had one, in order.
    public var inputs: [String] { state.withLock { $0.inputs } }

    /// The next `count` writes fail with a config conflict; `Int.max` for all of them.
    public func conflict(times count: Int) { state.withLock { $0.conflicts = count } }
    /// Whether `config set --batch-json` and `--batch-file` are known (older builds: no).
    public func supportsBatch(_ supported: Bool) { state.withLock { $0.batchSupported = supported } }
    /// What `openclaw --version` prints.
    public func versionOutput(_ text: String) { state.withLock { $0.versionOutput = text } }
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

    /// The answer to `command`, or nil when it is not an OpenClaw call this fake knows.
    public func answer(_ command: DockerCommand) -> DockerResult? {
        guard let args = Self.openclawArguments(command) else { return nil }
        return state.withLock { state -> DockerResult? in
            if let input = command.input { state.inputs.append(input.value) }
            if let index = state.scripted.firstIndex(where: { $0.matches(args) }) {
                return state.scripted.remove(at: index).result
            }
            return Self.handle(args, input: command.input?.value, &state)
        }
    }

    private static func handle(_ args: [String], input: String?, _ state: inout State) -> DockerResult? {
        switch args.first {
        case "--version": return DockerResult(stdout: state.versionOutput + "\n")
        case "devices":
            guard args.starts(with: ["devices", "clear"]), args.contains("--yes") else { return nil }
            state.devicesCleared.append(args)
            return DockerResult(stdout: "Cleared devices.\n")
        case "config": break
        default: return nil
        }
        switch args.dropFirst().first {
        case "get":
            guard args.count == 4, args[3] == "--json" else { return nil }
            guard let value = FakeConfigTree.get(state.config, args[2]) else { return notFound(args[2]) }
            return DockerResult(stdout: String(decoding: redacted(value, path: args[2]).encoded(), as: UTF8.self) + "\n")
        case "set", "unset":
            if state.conflicts > 0 {
                state.conflicts -= 1
                return DockerResult(
                    status: 1, stderr: "Error: ConfigMutationConflictError: config changed since last load\n")
            }
            return write(args, input: input, &state)
        default: return nil
        }
    }

    private static func write(_ args: [String], input: String?, _ state: inout State) -> DockerResult? {
        var operations: [(String, JSONValue)] = []
        if args[1] == "unset" {
            guard args.count == 3 else { return nil }
            guard FakeConfigTree.get(state.config, args[2]) != nil else {
                return DockerResult(status: 1, stderr: "Config path not found: \(args[2]). Nothing was changed.\n")
            }
            FakeConfigTree.remove(&state.config, args[2])
            state.writes += 1
            return DockerResult(stdout: "Removed \(args[2]). Restart the gateway to apply.\n")
        }
        if args.count == 4, args[2] == "--batch-json" || args[2] == "--batch-file" {
            guard state.batchSupported else {
                return DockerResult(status: 1, stderr: "error: unknown option '\(args[2])'\n")
            }
            let text = args[2] == "--batch-json" ? args[3] : (args[3] == "/dev/stdin" ? input ?? "" : "")
            guard let batch = try? JSONValue.parse(Data(text.utf8)).arrayValue else {
                return DockerResult(status: 1, stderr: "Error: batch must be a JSON array\n")
            }
            for entry in batch {
                guard let path = entry.objectValue?["path"]?.stringValue, let value = entry.objectValue?["value"] else {
                    return DockerResult(status: 1, stderr: "Error: batch entries need path and value\n")
                }
                operations.append((path, value))
            }
        } else if args.count == 5, args[4] == "--strict-json" {
            guard let value = try? JSONValue.parse(Data(args[3].utf8)) else {
                return DockerResult(status: 1, stderr: "Error: Failed to parse JSON value: \(args[3])\n")
            }
            operations.append((args[2], value))
        } else {
            return nil
        }
        var pruned: [String] = []
        for (path, value) in operations { FakeConfigTree.set(&state.config, path, value) }
        if operations.contains(where: { $0.0 == "gateway.auth.mode" }) {
            pruned = FakeConfigTree.prune(&state.config)
        }
        state.writes += 1
        var out = operations.count == 1 ? "Updated \(operations[0].0)." : "Updated \(operations.count) config paths."
        out += " Restart the gateway to apply.\n"
        if !pruned.isEmpty {
            let mode = FakeConfigTree.get(state.config, "gateway.auth.mode")?.stringValue ?? ""
            out += "Removed inactive \(pruned.joined(separator: ", ")) for gateway.auth.mode=\(mode).\n"
        }
        return DockerResult(stdout: out)
    }

    private static func notFound(_ path: String) -> DockerResult {
        DockerResult(
            status: 1, stderr: "Config path not found: \(path). Run openclaw config validate to inspect config shape.\n")
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
