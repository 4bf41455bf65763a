import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw status`: every step's check, read-only.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether everything pomclaw manages is in place (read-only).",
        discussion: """
            Runs every step's check without changing anything: local files, containers, the \
            gateway's auth settings, and the Pomerium Zero objects when an API token is at hand \
            (it is not stored in .env; pass --api-token-file or set POMERIUM_ZERO_API_TOKEN, or \
            type it when asked on a terminal; Enter skips those checks). Each line is ok, drifted \
            (with what differs), missing, error or skipped, and the last line says what was not \
            checked.

            Examples:
              pomclaw status
              pomclaw status --json | jq .ok
              pomclaw status --dir ~/openclaw --api-token-file ~/api.token

            Exit codes: 0 everything checked and in place, 1 something drifted, missing or \
            unreadable, 3 in place as far as checked, but some checks were skipped (as a \
            monitoring check's UNKNOWN). --json says the same in "ok" and "complete".
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var inputs: InputOptions

    @Flag(name: .long, help: "Print the findings as one JSON document on stdout.")
    var json = false

    func run() async throws {
        try await global.runReportingErrors { console, environment in
            try global.installDirectory.requireInstall()
            let question = CommandContext.APITokenQuestion(
                why: "status checks the Pomerium Zero objects with an API user token (pomclaw never stores it).", optional: true)
            let context = try await CommandContext.readOnly(
                global: global, inputs: inputs, console: console, environment: environment, askAPIToken: question)
            // The stack's reads start now, the gateway's among them, beside the Zero reads.
            await context.context.stack.prefetch(context.context.docker, openclawVersion: context.context.settings.openclawVersion)
            let report = await StatusRunner(StatusPlan.groups(context.available)).run(context.context)
            if json {
                console.output(StatusPrinter.json(report))
            } else {
                if console.coloredOutput {
                    StatusPrinter.lines(report, colored: true).forEach(console.outputPainted)
                } else {
                    StatusPrinter.lines(report).forEach(console.output)
                }
            }
            throw ExitCode(report.exitCode)
        }
    }
}
