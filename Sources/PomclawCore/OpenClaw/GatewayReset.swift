import Foundation

/// `reset`: takes the gateway out of trusted-proxy auth, back to token auth with a fresh random
/// token, forgetting every paired device, and restarts it. Pomerium Zero is not touched; a
/// later `install` converges everything back.
public struct GatewayReset: Sendable {
    /// What a reset did, in order, and the token it set (shown once by the command).
    public struct Outcome: Sendable {
        public var actions: [String]
        public var token: Secret
    }

    /// Waits until the gateway answers again after its restart.
    public typealias WaitUntilReady = @Sendable (Context) async throws -> Void

    private let waitUntilReady: WaitUntilReady
    private let makeToken: @Sendable () -> Secret

    public init(waitUntilReady: @escaping WaitUntilReady, makeToken: @escaping @Sendable () -> Secret = GatewayReset.randomToken) {
        self.waitUntilReady = waitUntilReady
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
        try await cli.clearDevices()
        done("cleared OpenClaw's paired devices and pending pairing requests")

        let token = makeToken()
        var state = InstallState.read(context.directory)
        try await cli.switchToTokenMode(token: token, removingOrigins: state.openclawOrigins ?? [])
        done("switched the gateway to token auth with a new random token")
        done("removed the trusted-proxy settings, the trusted proxy address and the device-auth exemption")
        if state.openclawOrigins != nil {
            state.openclawOrigins = nil
            try state.write(context.directory)
        }

        try await context.docker.output(.restart(StackNames.gateway))
        try await waitUntilReady(context)
        done("restarted \(StackNames.gateway); it is answering again")

        let after = try await cli.readGateway()
        guard after.authMode == .string("token"), after.trustedProxies == nil else {
            throw PomclawError(
                "After the reset the gateway reports auth mode \(after.authMode?.stringValue ?? "(unset)")"
                    + (after.trustedProxies == nil ? "" : " and still lists trusted proxies") + ".",
                next: "Run `docker compose logs \(StackNames.gateway)` in the install directory, then pomclaw reset again.")
        }
        return Outcome(actions: actions, token: token)
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
