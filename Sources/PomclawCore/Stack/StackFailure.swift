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
        let next: String
        switch service {
        case StackNames.gateway:
            let refusedToBind =
                trouble.exitCode == 78 || logs.contains { $0.contains("Refusing to bind") }
            if refusedToBind {
                lines.append(
                    "Exit status 78 means OpenClaw refused to listen beyond the container's loopback "
                        + "without an auth path (a password, a token or a trusted proxy). The image's "
                        + "entrypoint writes a temporary password on first start to prevent exactly this, "
                        + "so the image or the gateway configuration is not what pomclaw expects.")
                next =
                    "Rebuild the image from pomclaw's docker/openclaw (`docker compose down`, then "
                    + "`docker image rm openclaw:\(settings.openclawVersion)`) and run pomclaw again; if it "
                    + "still exits 78, check gateway.auth in openclaw-data/config/.openclaw/openclaw.json."
            } else {
                next =
                    "Read the log lines above, fix the cause and run pomclaw again "
                    + "(`docker compose logs \(service)` shows more)."
            }
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
