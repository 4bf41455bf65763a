import Foundation

/// How a run reads the gateway's config: without starting OpenClaw's CLI when the config file
/// is, byte for byte, one whose answer pomclaw has seen; through the CLI otherwise.
///
/// The CLI (`openclaw config get gateway --json`) starts the whole Node application: seconds
/// on a small host, the largest cost of a converged run. Its answer is a function of the file,
/// the release and the container's environment:
/// - it loads `~/.openclaw/openclaw.json` (`OPENCLAW_CONFIG_PATH` and `OPENCLAW_STATE_DIR`
///   unset, as compose.yaml leaves them; openclaw-audit.md #5), JSON5, and prints its gateway
///   section with the runtime defaults merged in and secrets redacted (#34, #35);
/// - the only inputs beyond the file's bytes are `$include` files and `${VAR}` substitution
///   from the environment ("Split config into multiple files ($include)" and "Env var
///   substitution in config values", docs/gateway/configuration.md at openclaw/docs
///   7b72e7e73c30), and the release's own defaults and schema.
///
/// So when the file holds neither `$include` nor `${`, and its SHA-256 and the release equal
/// those of a CLI read pomclaw made before (kept in `.pomclaw/state.json`, the redacted answer
/// with them), that answer is what the CLI would print now: pomclaw uses it. Any other file —
/// edited by hand, rewritten by the gateway, written by pomclaw itself (a write is read back
/// through the CLI) — goes through the CLI, and a run that may write records the new answer.
/// Writes always go through the CLI.
struct GatewayConfigRead: Sendable {
    let directory: InstallDirectory
    /// `OPENCLAW_VERSION`: the release whose CLI's answer this is.
    let openclawVersion: String
    /// Whether a CLI read is recorded for later runs (never by read-only commands).
    let records: Bool

    /// The config file inside the gateway container.
    static let containerPath = "/claw/.openclaw/openclaw.json"

    func read(_ docker: any DockerRunning, _ time: any Timekeeper) async throws -> GatewayConfig {
        let before = await fileBytes(docker)
        if let before, let seen = usable(before) { return seen }
        let config = try await OpenClawCLI(docker: docker, time: time).readGateway()
        if records, let before, Self.plain(before), await fileBytes(docker) == before {
            var state = InstallState.read(directory)
            state.gatewayConfig = InstallState.GatewayConfigRecord(
                fileSHA256: SHA256.hex(before), openclawVersion: openclawVersion, gateway: .object(config.values))
            try? state.write(directory)
        }
        return config
    }

    /// The recorded answer, when `bytes` are those it was recorded for, by this release.
    private func usable(_ bytes: Data) -> GatewayConfig? {
        guard Self.plain(bytes), let record = InstallState.read(directory).gatewayConfig,
            record.openclawVersion == openclawVersion, record.fileSHA256 == SHA256.hex(bytes),
            let gateway = record.gateway.objectValue
        else { return nil }
        return GatewayConfig(gateway)
    }

    /// Whether OpenClaw reads the file as it is: no `$include`, no `${…}` substitution.
    static func plain(_ bytes: Data) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return !text.contains("$include") && !text.contains("${")
    }

    /// The file's bytes: from the host when this user may read it, else with one `cat` as
    /// the gateway's user inside the container; nil when neither works (no file, no container).
    private func fileBytes(_ docker: any DockerRunning) async -> Data? {
        let path = directory.gatewayConfigFile
        if FileManager.default.isReadableFile(atPath: path) { return FileManager.default.contents(atPath: path) }
        guard FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent) else { return nil }
        guard let result = try? await docker.run(.gatewayConfigFile), result.status == 0 else { return nil }
        return Data(result.stdout.utf8)
    }
}

extension InstallState {
    /// A CLI read of the gateway's config: the SHA-256 of the config file it was made over,
    /// the release, and what the CLI answered (its secrets already redacted by OpenClaw).
    public struct GatewayConfigRecord: Codable, Sendable, Equatable {
        public var fileSHA256: String
        public var openclawVersion: String
        public var gateway: JSONValue
    }
}

extension DockerCommand {
    /// `compose exec -T -u claw openclaw-gateway cat <config>`: the gateway's config file, for
    /// a host user who may not read it directly. Its output may hold secrets: it is only ever
    /// hashed and compared, never shown.
    static var gatewayConfigFile: DockerCommand {
        exec(
            StackNames.gateway, user: StackNames.gatewayUser, ["cat", GatewayConfigRead.containerPath],
            nextAction: "Run `docker compose logs \(StackNames.gateway)` in the install directory, then re-run pomclaw.")
    }
}
