/// One write to the running gateway's config, and the wait until the gateway serves with it.
///
/// The write is one `config patch` (`OpenClawCLI.patch`). A `gateway.*` change makes the
/// gateway restart in its process (openclaw-versions.md §4), so the next probe or RPC waits
/// for that restart (`GatewayRestartWait`). When the config turns reloading off
/// (`gateway.reload.mode: off`), the gateway applies its config only when it starts: pomclaw
/// restarts the container itself and waits until the gateway answers.
public enum GatewayConfigWrite {
    /// Writes `patch` over `current` (the config the caller read) and waits as above.
    /// `secret`, when the patch holds one, is scrubbed from any error text.
    public static func apply(_ patch: ConfigPatch, over current: GatewayConfig, secret: Secret? = nil, _ context: Context) async throws {
        guard !patch.isEmpty else { return }
        let since = context.time.now
        try await OpenClawCLI(context).patch(patch, secret: secret)
        guard patch.restartsGateway else { return }
        if current.reloadMode == .string("off") {
            try await context.docker.output(.restart(StackNames.gateway))
            _ = try await StackReadiness(services: [StackNames.gateway]).wait(context)
        } else {
            try await GatewayRestartWait().wait(since: since, context)
        }
    }
}
