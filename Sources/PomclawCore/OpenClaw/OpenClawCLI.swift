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

    /// Writes `patch` in one `config patch --stdin`: one validated write, so a running gateway
    /// restarts once for it (openclaw-versions.md §4). The patch, with any secret in it, goes
    /// to the CLI on stdin only. `secret`, when given, is scrubbed from any error text.
    ///
    /// The caller waits for the gateway's restart before its next probe or RPC
    /// (`GatewayRestartWait`).
    public func patch(_ patch: ConfigPatch, secret: Secret? = nil) async throws {
        guard !patch.isEmpty else { return }
        let label = "openclaw config patch --stdin"
        let input = Secret(String(decoding: patch.document, as: UTF8.self))
        let result = try await runRetrying(["config", "patch", "--stdin"], input: input, label: label, scrubbing: secret)
        guard result.status == 0 else { throw failure(label, result, scrubbing: secret) }
    }

    /// Forgets every paired device and every pending pairing request: `devices clear --yes
    /// --pending` (`--pending` clears pending requests in addition to paired devices,
    /// openclaw-audit.md #49). A Gateway RPC: the gateway must be serving, and the CLI must
    /// authenticate — in token mode with the token from the config (openclaw-audit.md #50).
    public func clearDevices() async throws {
        let label = "openclaw devices clear --yes --pending"
        let result = try await runRetrying(["devices", "clear", "--yes", "--pending"], label: label)
        guard result.status == 0 else { throw failure(label, result) }
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
