import Foundation

extension OpenClawCLI {
    /// Puts the gateway back in token mode (for `reset`): one write, read from stdin, sets
    /// `gateway.auth.token` and `gateway.auth.mode=token` (the CLI prunes the password) and
    /// drops `origins` from `allowedOrigins`; then `gateway.auth.trustedProxy`,
    /// `gateway.trustedProxies` and `gateway.controlUi.dangerouslyDisableDeviceAuth` are
    /// unset, after the mode no longer needs them.
    ///
    /// The token only ever travels on stdin (`config set --batch-file /dev/stdin`): never in
    /// argv, where `ps` and `docker top` would show it. A build without `--batch-file` cannot
    /// take it that way, so this fails rather than expose it.
    public func switchToTokenMode(token: Secret, removingOrigins origins: [String] = []) async throws {
        var sets: [ConfigOperation] = []
        if !origins.isEmpty, let list = try await readGateway().allowedOrigins?.arrayValue {
            let removed = Set(origins.map(JSONValue.string))
            let kept = list.filter { !removed.contains($0) }
            if kept != list { sets.append(.set(GatewayPath.allowedOrigins, .array(kept))) }
        }
        sets.append(.set(GatewayPath.token, .string(token.value)))
        sets.append(.set(GatewayPath.authMode, "token"))
        let batch = JSONValue.array(sets.compactMap(\.batchEntry))
        let input = Secret(String(decoding: batch.encoded(), as: UTF8.self))

        let label = "openclaw config set --batch-file /dev/stdin"
        let result = try await runRetrying(
            ["config", "set", "--batch-file", "/dev/stdin"], input: input, label: label, scrubbing: token)
        if OpenClawOutput.rejectsOption(result, "--batch-file") {
            throw PomclawError(
                "This OpenClaw build cannot read config values from stdin (`config set --batch-file`), so "
                    + "pomclaw cannot set a gateway token without showing it in the process list.",
                next: "Set OPENCLAW_VERSION in .env to \(Settings.defaultOpenClawVersion) or newer, run pomclaw install, "
                    + "then run pomclaw reset again.")
        }
        guard result.status == 0 else { throw failure(label, result, scrubbing: token) }

        try await write([
            .unset(GatewayPath.trustedProxy), .unset(GatewayPath.trustedProxies), .unset(GatewayPath.deviceAuthDisabled),
        ])
    }
}
