/// The errors of a stack that does not come up: what happened, the service's last log lines,
/// what they usually mean, and the one next thing to do.
public enum StackFailure {
    /// How many log lines an error shows.
    public static let logLines = 20

    /// The last log lines of `service` (`compose logs --no-color --tail N`), without ANSI
    /// escapes and blank lines; one explanatory line when they cannot be read.
    public static func logTail(_ service: String, _ docker: any DockerRunning) async -> [String] {
        let result: DockerResult
        do {
            result = try await docker.run(.logs(service, tail: logLines))
        } catch {
            return ["(its logs could not be read: \(error.userMessage))"]
        }
        let lines = ANSI.strip(result.stdout + "\n" + result.stderr)
            .split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if result.status != 0 {
            return ["(`\(DockerCommand.logs(service, tail: logLines).display)` exited with status \(result.status))"]
                + lines.suffix(5)
        }
        return lines.isEmpty ? ["(it has written no log lines)"] : Array(lines.suffix(logLines))
    }

    /// A container that crashed or stopped while pomclaw waited for it.
    public static func crashed(
        _ service: String, _ trouble: ContainerTrouble, logs: [String], settings: Settings
    ) -> PomclawError {
        var lines = [trouble.describe(service) + "."]
        var next: String
        switch service {
        case StackNames.gateway:
            (lines, next) = gatewayCrash(trouble, logs: logs, settings: settings, lines: lines)
        case StackNames.pomerium:
            lines.append(
                "Pomerium stops when it cannot use its cluster token or cannot reach Pomerium Zero.")
            next =
                "Check POMERIUM_ZERO_TOKEN in .env (the cluster token from the Zero console) and that this "
                + "host can reach console.pomerium.app over HTTPS, then run pomclaw again."
        default:
            next =
                "Read the log lines above, fix the cause and run pomclaw again "
                + "(`docker compose logs \(service)` shows more)."
        }
        return PomclawError(message(lines, service: service, logs: logs), next: next)
    }

    /// What a crashed gateway's log says, told apart by its own words: both a missing
    /// `gateway.mode` ("Gateway start blocked: …") and a refused bind ("Refusing to bind
    /// gateway to … without auth.") exit 78 (openclaw-audit.md #10, #13, #14).
    private static func gatewayCrash(
        _ trouble: ContainerTrouble, logs: [String], settings: Settings, lines: [String]
    ) -> ([String], String) {
        var lines = lines
        let config = "openclaw-data/config/.openclaw/openclaw.json"
        if logs.contains(where: { $0.contains("Gateway start blocked") }) {
            lines.append(
                "OpenClaw refuses to start without gateway.mode=local in its config (exit status 78). pomclaw "
                    + "writes it, and so does the image's entrypoint at every start, so something removed it.")
            return (lines, "Run pomclaw install again to restore the gateway's config; if it still stops, check "
                + "gateway.mode in \(config).")
        }
        if logs.contains(where: { $0.contains("Refusing to bind") }) {
            lines.append(
                "OpenClaw refused to listen beyond the container's loopback without an auth path (a password, "
                    + "a token or a trusted proxy; exit status 78). pomclaw's config gives it trusted-proxy auth, "
                    + "so the gateway's auth configuration is not what pomclaw wrote.")
            return (lines, "Check gateway.auth in \(config), then run pomclaw install again (it restores trusted-proxy "
                + "auth); if it still stops, rebuild the image (`docker compose down`, then `docker image rm "
                + "openclaw:\(settings.openclawVersion)`) and run pomclaw again.")
        }
        if trouble.exitCode == 78 {
            lines.append("Exit status 78 is OpenClaw's \"configuration error\": its config cannot be used as it is.")
            return (lines, "Run `docker compose run --rm --no-deps -u claw --entrypoint openclaw \(StackNames.gateway) "
                + "config validate` in the install directory, fix what it names, then run pomclaw again.")
        }
        return (lines, "Read the log lines above, fix the cause and run pomclaw again "
            + "(`docker compose logs \(StackNames.gateway)` shows more).")
    }

    /// Services that neither came up nor failed within the time pomclaw waits.
    public static func timedOut(
        _ what: String, seconds: Int, service: String, logs: [String]
    ) -> PomclawError {
        PomclawError(
            message(["\(what) within \(seconds)s."], service: service, logs: logs),
            next: "Read the log lines above. A first start on a small host can be slow: run pomclaw again "
                + "to keep waiting; if it never gets there, `docker compose logs \(service)` shows more.")
    }

    private static func message(_ lines: [String], service: String, logs: [String]) -> String {
        (lines + ["Last log lines of \(service):"] + logs.map { "  " + $0 }).joined(separator: "\n")
    }
}
