/// The gateway's auth: trusted-proxy mode, believing Pomerium's identity headers only from the
/// pomerium container's current address, with the Control UI origin of this cluster domain.
///
/// Every run re-reads the pomerium address from Docker and compares each managed field exactly.
/// A converged run costs one OpenClaw CLI call (the read); a change three (read, one
/// `config patch`, then — once the gateway has restarted with it — the runner's re-check read,
/// which is the read-back verification).
public struct TrustedProxyStep: Step {
    public let id = "trusted-proxy"
    public let title = "OpenClaw trusted-proxy auth"
    /// What the last check observed, so `apply` in the same run need not read it again.
    private let memo = Memo()

    public init() {}

    public func check(_ context: Context) async throws -> CheckResult {
        await memo.set(nil)
        let observation: Observation
        do {
            observation = try await Self.observe(context)
        } catch let missing as StackNotUp {
            if context.options.dryRun {
                return .changes(Plan(["configure trusted-proxy auth once the stack is up (\(missing.reason))"]))
            }
            return .blocked(missing.error)
        }
        await memo.set(observation)
        let diff = observation.diff
        guard !diff.isEmpty else {
            return .done("trusted-proxy via \(observation.target.pomeriumAddress)")
        }
        return .changes(Plan(diff.changes))
    }

    public func apply(_ context: Context) async throws {
        let observation: Observation
        if let memo = await memo.take(), memo.target.clusterDomain == context.settings.clusterDomain {
            observation = memo
        } else {
            do {
                observation = try await Self.observe(context)
            } catch let missing as StackNotUp {
                throw missing.error
            }
        }
        let diff = observation.diff
        guard !diff.isEmpty else { return }
        // Remember what pomclaw adds before writing it, so a run that dies mid-way still knows
        // to remove it should the domain or the operator change; forget the retired ones once
        // they are gone.
        var state = InstallState.read(context.directory)
        if state.remember(observation.target) { try state.write(context.directory) }
        try await GatewayConfigWrite.apply(diff.patch, over: observation.config, context)
        if state.settle(observation.target) { try state.write(context.directory) }
    }

    /// The pomerium address from Docker (two calls), then the gateway config (one OpenClaw
    /// call), both shared through the run's `StackSession` (a write forgets the config, so
    /// the re-check reads it back). Throws `StackNotUp` when either container is not running.
    static func observe(_ context: Context) async throws -> Observation {
        let containers = try await context.stack.containers(context.docker)
        guard let address = containers.pomeriumAddress else {
            let pomerium = containers[StackNames.pomerium]
            throw StackNotUp(
                reason: pomerium == nil
                    ? "the pomerium container does not exist yet"
                    : pomerium?.running == true
                        ? "the pomerium container has no address on the stack network"
                        : "the pomerium container is not running",
                error: PomclawError(
                    "The pomerium container is not running on the stack network, so its address for "
                        + "gateway.trustedProxies is unknown.",
                    next: "Run `docker compose up -d` in the install directory (or re-run pomclaw install), "
                        + "check `docker compose ps`, then re-run pomclaw."))
        }
        guard containers[StackNames.gateway]?.running == true else {
            throw StackNotUp(
                reason: "the \(StackNames.gateway) container is not running",
                error: PomclawError(
                    "The \(StackNames.gateway) container is not running, so its config cannot be read.",
                    next: "Run `docker compose logs \(StackNames.gateway)` in the install directory to see why, "
                        + "then re-run pomclaw install."))
        }
        let config = try await context.stack.gatewayConfig(
            containers, context.docker, openclawVersion: context.settings.openclawVersion)
        let target = try Self.target(context.settings, pomeriumAddress: address)
        let state = InstallState.read(context.directory)
        return Observation(
            config: config, target: target, retiredOrigins: state.openclawOrigins ?? [],
            retiredAdmins: state.openclawAdmins ?? [])
    }

    /// The target for this run's settings.
    static func target(_ settings: Settings, pomeriumAddress: String) throws -> TrustedProxyTarget {
        guard let target = TrustedProxyTarget(settings, pomeriumAddress: pomeriumAddress) else {
            throw PomclawError(
                "OPENCLAW_VERSION \(InputValidation.shown(settings.openclawVersion)) is not an OpenClaw release pomclaw knows.",
                next: "Set OPENCLAW_VERSION in .env to a release such as \(Settings.defaultOpenClawVersion), then re-run pomclaw.")
        }
        return target
    }

    struct Observation: Sendable {
        var config: GatewayConfig
        var target: TrustedProxyTarget
        var retiredOrigins: [String]
        var retiredAdmins: [String]

        var diff: TrustedProxyDiff {
            TrustedProxyDiff(current: config, target: target, retiredOrigins: retiredOrigins, retiredIdentities: retiredAdmins)
        }
    }

    struct StackNotUp: Error {
        var reason: String
        var error: PomclawError
    }

    actor Memo {
        private var observation: Observation?
        func set(_ value: Observation?) { observation = value }
        func take() -> Observation? {
            defer { observation = nil }
            return observation
        }
    }
}
