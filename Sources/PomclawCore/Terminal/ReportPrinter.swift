/// Renders a run's report as the lines printed on stdout.
public enum ReportPrinter {
    /// The plan of a dry run: every step with what it would change, or that it is done.
    public static func plan(_ report: RunReport) -> [String] {
        var lines = ["Plan (dry run, nothing was changed):"]
        for step in report.steps {
            switch step.outcome {
            case .alreadyDone(let detail):
                lines.append("  = \(step.title): already done" + (detail.map { " (\($0))" } ?? ""))
            case .wouldChange(let plan):
                lines.append("  + \(step.title):")
                lines += plan.changes.map { "      \($0)" }
                if let warning = plan.confirmation {
                    lines.append("      needs confirmation (--yes): \(warning)")
                }
            case .changed(let changes):
                lines.append("  ~ \(step.title): changed")
                lines += changes.map { "      \($0)" }
            case .blocked(let error):
                lines.append("  ! \(step.title): blocked: \(error.message)")
            case .failed(let message):
                lines.append("  ! \(step.title): failed: \(message.split(separator: "\n").first ?? "")")
            case .notRun:
                lines.append("  - \(step.title): not checked (an earlier step stopped the run)")
            }
        }
        let pending = report.steps.filter { if case .wouldChange = $0.outcome { true } else { false } }.count
        if report.failed {
            lines.append("The run stopped on an error; see the messages above.")
        } else if pending == 0 {
            lines.append("Nothing to change.")
        } else {
            lines.append("\(pending) step\(pending == 1 ? "" : "s") would change. Run without --dry-run to apply.")
        }
        return lines
    }

    /// The closing summary of a successful run: what happened, where OpenClaw is (the web URL
    /// and the SSH command), what to do next and how to check, re-run or upgrade later.
    /// `sshPort` is the host port the stack publishes Pomerium's SSH listener on
    /// (`POMCLAW_SSH_PORT`, 2200 unless changed); `directory` is the install directory, where
    /// the commands below run (the console spells them for this host: `CommandSpelling`);
    /// `apiTokenNote` is a last line about the API token.
    public static func closing(
        _ report: RunReport, settings: Settings, sshPort: String = "2200", directory: String? = nil,
        apiTokenNote: String? = nil
    ) -> String {
        let changed = report.steps.filter { if case .changed = $0.outcome { true } else { false } }.count
        let done = report.steps.count - changed
        let counts = changed == 0
            ? "nothing to change: all \(done) steps were already done"
            : "\(changed) step\(changed == 1 ? "" : "s") changed, \(done) already done"
        let exec = "docker compose exec --user claw openclaw-gateway openclaw"
        let place = directory.map { "in \($0)" } ?? "in the install directory"
        var lines = [
            "Done (\(counts)).",
            "",
            "  Web route: https://openclaw.\(settings.clusterDomain)   (sign in as \(settings.operatorEmail))",
            "  SSH route: ssh claw@openclaw@\(settings.clusterDomain) -p \(sshPort)",
            "",
            "Next steps, \(place):",
            "  1. Open the web route and sign in; the SSH command asks you to sign in in a browser too.",
            "  2. Configure a model: OpenClaw answers nothing until one is set.",
            "       \(exec) models list",
            "       \(exec) models set <provider>/<model>",
            "     (see https://docs.openclaw.ai/concepts/models#cli-commands)",
            "  3. Let someone else in: pomclaw access add EMAIL",
            "     (it asks for an API token, or takes --api-token-file PATH)",
            "",
            "Later, \(place):",
            "  pomclaw status                      check that everything is still in place",
            "  pomclaw install                     re-run at any time: it changes only what is missing or drifted",
            "  pomclaw upgrade --openclaw VERSION  move to another OpenClaw release (pinned: \(settings.openclawVersion))",
        ]
        if let apiTokenNote { lines += ["", apiTokenNote] }
        return lines.joined(separator: "\n")
    }

    /// The last line of the summary when the API token was typed or passed in (not in `.env`).
    public static let apiTokenNotSaved =
        "The API token was not saved (pomclaw never writes it to .env). Once you need it no more, revoke it at\n"
        + "\(InputValidation.apiTokenPage); `access`, `uninstall` and a full `status` then ask for a new one."
}
