import Foundation

/// How pomclaw reads what the OpenClaw CLI printed when a command failed.
enum OpenClawOutput {
    /// Whether the write was refused because the config file changed between the CLI's read
    /// and its write (nothing was written; re-running the same command re-reads the file).
    /// Older builds say `ConfigMutationConflictError: config changed since last load`, newer
    /// ones `The config file changed while this command was writing …`.
    static func isConflict(_ result: DockerResult) -> Bool {
        let text = ANSI.strip(result.stderr + "\n" + result.stdout)
        return ["ConfigMutationConflictError", "config changed since last load", "changed while this command was writing"]
            .contains { text.contains($0) }
    }

    /// The CLI's own words, ANSI escapes removed, each line indented for an error report.
    /// `scrubbing` is replaced by `<redacted>` wherever it appears, in case the CLI echoes a
    /// value back.
    static func report(_ result: DockerResult, scrubbing secret: Secret? = nil) -> String {
        var text = ANSI.strip(result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            text = ANSI.strip(result.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let secret, !secret.isEmpty {
            text = text.replacingOccurrences(of: secret.value, with: "<redacted>")
        }
        guard !text.isEmpty else { return " with no output" }
        return ":\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    static let logsHint =
        "Run `docker compose logs \(StackNames.gateway)` in the install directory to see why, fix it, then re-run pomclaw."
}
