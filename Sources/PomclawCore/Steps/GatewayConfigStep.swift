import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The gateway's first config: before the gateway container has ever started (its config
/// file `openclaw-data/config/.openclaw/openclaw.json` does not exist), pomclaw writes the
/// complete gateway configuration the trusted-proxy step converges to — `gateway.mode=local`,
/// trusted-proxy auth with Pomerium's headers, `trustedProxies` = the pomerium address fixed
/// in `.env` (`POMCLAW_POMERIUM_IP`, default 172.30.0.10), the explicit `lan` bind, this
/// cluster's Control UI origin, and what the release needs for browsers behind Pomerium (the
/// device-auth exemption, or device auto-approval and the operator's admin grant). The gateway then starts in trusted-proxy auth: the entrypoint
/// needs no temporary password, and the trusted-proxy step's check finds everything in place
/// in one read instead of read, write and read back.
///
/// Only ever a file that does not exist, while no gateway container runs, created atomically
/// without replacing anything that appeared meanwhile. An existing file — the gateway's own,
/// or one that cannot be looked at — is never touched: every later change goes through the
/// OpenClaw CLI (the trusted-proxy step), and the trusted-proxy step still verifies this one
/// with a real read (should compose give pomerium another address, it corrects it).
public struct GatewayConfigStep: Step {
    /// `gateway-config`.
    public let id = "gateway-config"
    /// "OpenClaw gateway config".
    public let title = "OpenClaw gateway config"

    public init() {}

    /// The pomerium address compose gives when `.env` does not set one (compose.yaml).
    public static let defaultPomeriumAddress = "172.30.0.10"

    /// The config file relative to the install directory, as messages show it.
    static let relativePath = "openclaw-data/config/.openclaw/openclaw.json"

    public func check(_ context: Context) async throws -> CheckResult {
        switch try await Self.survey(context) {
        case .leave(let reason):
            return .done(reason)
        case .write(let target):
            return .changes(Plan(
                ["write \(Self.relativePath) before the gateway's first start: trusted-proxy auth for pomerium at "
                    + "\(target.pomeriumAddress), Control UI origin \(target.origin)"],
                finding: .missing))
        }
    }

    public func apply(_ context: Context) async throws {
        guard case .write(let target) = try await Self.survey(context) else { return }
        let directory = context.directory
        // Remember the origin and grant before writing them (as the trusted-proxy step does), so
        // a later run with another cluster domain or operator knows to remove them.
        var state = InstallState.read(directory)
        if state.remember(target) { try state.write(directory) }
        let path = directory.gatewayConfigFile
        let folder = (path as NSString).deletingLastPathComponent
        try AtomicFile.createDirectory((folder as NSString).deletingLastPathComponent, mode: 0o755)
        try AtomicFile.createDirectory(folder, mode: 0o700)
        try Self.create(Self.contents(target), at: path)
    }

    /// The whole file: `{"gateway": …}` with exactly what `TrustedProxyDiff` would write into
    /// an empty config, so the trusted-proxy step's check finds nothing to change.
    public static func contents(_ target: TrustedProxyTarget) -> Data {
        let config = TrustedProxyDiff(current: GatewayConfig(), target: target).patch.applied(to: [:])
        var data = JSONValue.object(config).encoded()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    enum Survey {
        case leave(String)
        case write(TrustedProxyTarget)
    }

    /// Whether to write the file, and what: a local look first (nothing more when the file
    /// exists), then the stack's containers (shared with the stack step through
    /// `context.stack`).
    static func survey(_ context: Context) async throws -> Survey {
        let path = context.directory.gatewayConfigFile
        var info = stat()
        if lstat(path, &info) == 0 {
            return .leave("the gateway's config exists; pomclaw changes it only through the OpenClaw CLI")
        }
        guard errno == ENOENT || errno == ENOTDIR else {
            return .leave("\(relativePath) cannot be looked at (\(String(cString: strerror(errno)))); left to the gateway")
        }
        guard let address = try pomeriumAddress(context.directory) else {
            return .leave("POMCLAW_POMERIUM_IP in .env is not an IPv4 address; the gateway starts with its own config")
        }
        let containers = try await context.stack.containers(context.docker)
        if containers[StackNames.gateway]?.running == true {
            return .leave("the gateway runs without \(relativePath); its config is changed only through the OpenClaw CLI")
        }
        return .write(try TrustedProxyStep.target(context.settings, pomeriumAddress: address))
    }

    /// `POMCLAW_POMERIUM_IP` from `.env` as compose uses it (unset or empty: the default), in
    /// the dotted form Docker reports; nil when it is not an IPv4 address.
    static func pomeriumAddress(_ directory: InstallDirectory) throws -> String? {
        let value = try DotEnvFile.read(from: directory.envFile).values["POMCLAW_POMERIUM_IP"] ?? ""
        let text = value.isEmpty ? defaultPomeriumAddress : value
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `path` holding `data` only if it does not exist: the complete file is written
    /// and synced under a temporary name, then linked into place, which fails rather than
    /// replace a file that appeared meanwhile (that one is kept).
    ///
    /// Mode 0644 in a 0700 folder: the file holds no secret, and the gateway's user (`claw`,
    /// another uid than pomclaw's) must be able to read it even when an image built by an
    /// older pomclaw runs, whose entrypoint does not yet make it claw's (the current one
    /// does, and makes it 0600).
    static func create(_ data: Data, at path: String) throws {
        let name = (path as NSString).lastPathComponent
        let temporary = (path as NSString).deletingLastPathComponent + "/." + name + ".pomclaw-new"
        try AtomicFile.write(data, to: temporary, mode: 0o644)
        defer { unlink(temporary) }
        if link(temporary, path) != 0, errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw PomclawError(
                "Cannot create \(path): \(reason).",
                next: "Check that the install directory is writable by you, then re-run pomclaw install.")
        }
    }
}
