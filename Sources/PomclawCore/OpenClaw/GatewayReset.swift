import Foundation

/// `reset`: takes the gateway out of trusted-proxy auth, back to token auth with a fresh random
/// token, forgetting every paired device and pending pairing request. Pomerium Zero is not
/// touched; a later `install` converges everything back.
///
/// The order follows what a real gateway allows. `devices clear` is a Gateway RPC that needs
/// an authenticated caller, and in trusted-proxy mode the CLI in the container has no
/// credential (openclaw-audit.md #50). So the config is switched first — one `config patch`
/// that sets token auth with the new token and removes the trusted-proxy settings — the
/// gateway restarts with it (openclaw-versions.md §4), and only then are the devices cleared,
/// by a CLI that now authenticates with the token from the config (openclaw-versions.md §7,
/// "token mode first, then the RPC once the gateway is back"). The token reaches the CLI on
/// stdin only.
public struct GatewayReset: Sendable {
    /// What a reset did, in order, and the token it set (shown once by the command).
    public struct Outcome: Sendable {
        public var actions: [String]
        public var token: Secret
    }

    private let makeToken: @Sendable () -> Secret

    public init(makeToken: @escaping @Sendable () -> Secret = GatewayReset.randomToken) {
        self.makeToken = makeToken
    }

    /// Runs the reset. `progress` hears each action as it completes, so a failure part-way
    /// leaves the user knowing what was done.
    public func run(_ context: Context, progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let containers = try await StackContainers.read(context.docker)
        guard let gateway = containers[StackNames.gateway], gateway.running, !gateway.restarting else {
            throw PomclawError(
                "The \(StackNames.gateway) container is not running, so its settings cannot be reset.",
                next: "Start the stack with `pomclaw install` (or `docker compose up -d` in the install directory), "
                    + "then run pomclaw reset again.")
        }
        var actions: [String] = []
        func done(_ action: String) {
            actions.append(action)
            progress(action)
        }

        let cli = OpenClawCLI(context)
        let current = try await cli.readGateway()
        var state = InstallState.read(context.directory)
        let token = makeToken()
        let patch = Self.tokenMode(current, token: token, state: state)
        try await GatewayConfigWrite.apply(patch, over: current, secret: token, context)
        done("switched the gateway to token auth with a new random token")
        done("removed the trusted-proxy settings, the trusted proxy address and pomclaw's web origin and grants")
        if state.openclawOrigins != nil || state.openclawAdmins != nil {
            state.openclawOrigins = nil
            state.openclawAdmins = nil
            try state.write(context.directory)
        }
        done("\(StackNames.gateway) restarted with it and is answering again")

        try await cli.clearDevices()
        done("cleared OpenClaw's paired devices and pending pairing requests")

        let after = try await cli.readGateway()
        guard after.authMode == .string("token"), after.trustedProxies == nil, after.trustedProxy == nil else {
            throw PomclawError(
                "After the reset the gateway reports auth mode \(after.authMode?.stringValue ?? "(unset)")"
                    + (after.trustedProxies == nil && after.trustedProxy == nil ? "" : " and still has trusted-proxy settings")
                    + ".",
                next: "Run `docker compose logs \(StackNames.gateway)` in the install directory, then pomclaw reset again.")
        }
        return Outcome(actions: actions, token: token)
    }

    /// The one write that puts the gateway in token auth: the mode and the token; the password,
    /// the trusted-proxy block (device auto-approval with it), the trusted proxy addresses and
    /// the device-auth exemption deleted; pomclaw's own origins and identity grants removed,
    /// everything else kept.
    static func tokenMode(_ current: GatewayConfig, token: Secret, state: InstallState) -> ConfigPatch {
        var patch = ConfigPatch()
        patch.set(GatewayPath.authMode, "token")
        patch.set(GatewayPath.token, .string(token.value))
        if current.hasPassword { patch.remove(GatewayPath.password) }
        if current.trustedProxy != nil { patch.remove(GatewayPath.trustedProxy) }
        if current.trustedProxies != nil { patch.remove(GatewayPath.trustedProxies) }
        if current.deviceAuthDisabled != nil { patch.remove(GatewayPath.deviceAuthDisabled) }
        if let list = current.allowedOrigins?.arrayValue, let origins = state.openclawOrigins {
            let removed = Set(origins.map(JSONValue.string))
            let kept = list.filter { !removed.contains($0) }
            if kept != list { patch.set(GatewayPath.allowedOrigins, .array(kept)) }
        }
        if let grants = current.identityScopes?.objectValue, let admins = state.openclawAdmins {
            let kept = grants.filter { !admins.contains($0.key) }
            if kept.isEmpty {
                patch.remove(GatewayPath.identityScopes)
            } else {
                for admin in admins where grants[admin] != nil { patch.remove(GatewayPath.identity(admin)) }
            }
        }
        return patch
    }

    /// 32 random bytes from the system's secure generator, base64url without padding.
    @Sendable public static func randomToken() -> Secret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return Secret(text)
    }
}
