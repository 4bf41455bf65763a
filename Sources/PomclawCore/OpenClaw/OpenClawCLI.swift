import Foundation

/// The OpenClaw CLI inside the gateway container, driven over the Docker port: always as
/// `claw`, argv only, secrets only on stdin.
///
/// Writes are retried while OpenClaw refuses them because the config file changed underneath
/// (the gateway and its entrypoint write it too): the same command is re-run after 0.5, 1, 2,
/// 4, 4 and 4 seconds. Any other failure is reported at once with the CLI's own words.
public struct OpenClawCLI: Sendable {
    /// Waits between attempts of a write that hit a config conflict.
    public static let conflictBackoff: [Double] = [0.5, 1, 2, 4, 4, 4]

    let docker: any DockerRunning
    let time: any Timekeeper

    public init(docker: any DockerRunning, time: any Timekeeper) {
        self.docker = docker
        self.time = time
    }

    public init(_ context: Context) {
        self.init(docker: context.docker, time: context.time)
    }

    /// The whole `gateway` object in one call (`config get gateway --json`); empty when the
    /// config has no gateway section yet.
    public func readGateway() async throws -> GatewayConfig {
        let arguments = ["config", "get", "gateway", "--json"]
        let result = try await docker.run(.openclaw(arguments))
        if result.status == 0 { return try GatewayConfig.parse(result.stdout) }
        if GatewayConfig.isPathNotFound(result) { return GatewayConfig() }
        throw failure("openclaw config get gateway --json", result)
    }

    /// Applies `operations` in order. Consecutive sets go in one `config set --batch-json`
    /// (one validated write); a lone set is a plain `config set --strict-json`. When the build
    /// has no batch mode, the sets run one by one in the same order. Unsets run one by one; an
    /// already-absent path counts as removed.
    public func write(_ operations: [ConfigOperation]) async throws {
        var batchMode = true
        var index = operations.startIndex
        while index < operations.endIndex {
            if case .unset(let path) = operations[index] {
                try await unset(path)
                index += 1
                continue
            }
            let end = operations[index...].firstIndex { if case .unset = $0 { true } else { false } } ?? operations.endIndex
            let sets = Array(operations[index..<end])
            index = end
            if sets.count > 1, batchMode {
                if try await setBatch(sets) { continue }
                batchMode = false
            }
            for operation in sets {
                guard case .set(let path, let value) = operation else { continue }
                try await set(path, value)
            }
        }
    }

    /// Sets the values in one write. Returns false, having changed nothing, when this build
    /// does not know `--batch-json`.
    private func setBatch(_ sets: [ConfigOperation]) async throws -> Bool {
        let batch = JSONValue.array(sets.compactMap(\.batchEntry))
        let json = String(decoding: batch.encoded(), as: UTF8.self)
        let label = "openclaw config set --batch-json (\(sets.map(\.path).joined(separator: ", ")))"
        let result = try await runRetrying(["config", "set", "--batch-json", json], label: label)
        if result.status == 0 { return true }
        if OpenClawOutput.rejectsOption(result, "--batch-json") { return false }
        throw failure(label, result)
    }

    private func set(_ path: String, _ value: JSONValue) async throws {
        let json = String(decoding: value.encoded(), as: UTF8.self)
        let label = "openclaw config set \(path)"
        let result = try await runRetrying(["config", "set", path, json, "--strict-json"], label: label)
        guard result.status == 0 else { throw failure(label, result) }
    }

    private func unset(_ path: String) async throws {
        let label = "openclaw config unset \(path)"
        let result = try await runRetrying(["config", "unset", path], label: label)
        guard result.status == 0 || GatewayConfig.isPathNotFound(result) else { throw failure(label, result) }
    }

    /// Forgets every paired device, then every pending pairing request: `devices clear --yes`
    /// and `devices clear --yes --pending`. Whether `--pending` clears pending requests only
    /// or as well as paired devices differs between descriptions of the CLI, so both run:
    /// either way the union is "all devices and requests". A build without `--pending` has
    /// nothing more to clear.
    public func clearDevices() async throws {
        let paired = try await runRetrying(["devices", "clear", "--yes"], label: "openclaw devices clear --yes")
        guard paired.status == 0 else { throw failure("openclaw devices clear --yes", paired) }
        let label = "openclaw devices clear --yes --pending"
        let pending = try await runRetrying(["devices", "clear", "--yes", "--pending"], label: label)
        guard pending.status == 0 || OpenClawOutput.rejectsOption(pending, "--pending") else {
            throw failure(label, pending)
        }
    }

    /// The installed OpenClaw release (`openclaw --version`), e.g. `2026.6.5`; nil when the
    /// output holds no `YYYY.N.N` version.
    public func version() async throws -> String? {
        let result = try await docker.run(.openclaw(["--version"]))
        guard result.status == 0 else { throw failure("openclaw --version", result) }
        let text = ANSI.strip(result.stdout)
        guard let match = text.firstMatch(of: #/\d{4}\.\d+\.\d+/#) else { return nil }
        return String(match.output)
    }

    /// Runs an OpenClaw command, re-running it while the config changed underneath it. Returns
    /// the first result that is not a conflict, whatever its status; throws when every
    /// attempt conflicted. `input` is fed to stdin on each attempt.
    func runRetrying(
        _ arguments: [String], input: Secret? = nil, label: String, scrubbing secret: Secret? = nil
    ) async throws -> DockerResult {
        var waits = Self.conflictBackoff[...]
        while true {
            let result = try await docker.run(.openclaw(arguments, input: input))
            guard OpenClawOutput.isConflict(result) else { return result }
            guard let wait = waits.popFirst() else {
                let attempts = Self.conflictBackoff.count + 1
                let total = Self.conflictBackoff.reduce(0, +)
                throw PomclawError(
                    "`\(label)` was refused \(attempts) times over \(Self.seconds(total)) because the OpenClaw "
                        + "config kept changing while it wrote"
                        + OpenClawOutput.report(result, scrubbing: secret),
                    next: "Something else keeps rewriting the config (the gateway while it starts, or another "
                        + "pomclaw run). Wait until `docker compose logs \(StackNames.gateway)` is quiet, "
                        + "then re-run pomclaw.")
            }
            try await time.sleep(seconds: wait)
        }
    }

    func failure(_ label: String, _ result: DockerResult, scrubbing secret: Secret? = nil) -> PomclawError {
        PomclawError(
            "`\(label)` failed with status \(result.status)" + OpenClawOutput.report(result, scrubbing: secret),
            next: OpenClawOutput.logsHint)
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }
}
