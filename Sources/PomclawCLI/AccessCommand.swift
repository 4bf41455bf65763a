import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw access`: who may reach OpenClaw, as the "openclaw users" policy allows.
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "List, add or remove the emails allowed to reach OpenClaw (the 'openclaw users' policy).",
        discussion: """
            Edits the allow-list of the 'openclaw users' policy in Pomerium Zero through its API; \
            the policy's other content (rules, text, settings from the Console) is kept. Needs \
            the API token (--api-token-file or POMERIUM_ZERO_API_TOKEN).

            OPERATOR_EMAIL in .env is not removed: pomclaw install adds it back on every run. To \
            hand over, run `pomclaw install --operator-email NEW` first, then remove the old one.

            Examples:
              pomclaw access list --api-token-file ~/api.token
              pomclaw access add friend@example.com --api-token-file ~/api.token
              pomclaw access remove friend@example.com --api-token-file ~/api.token
            """,
        subcommands: [AccessListCommand.self, AccessAddCommand.self, AccessRemoveCommand.self]
    )
}

/// `pomclaw access list`: one allowed email per line on stdout.
struct AccessListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the allowed emails, one per line (read-only).",
        discussion: """
            Examples:
              pomclaw access list
              pomclaw access list --json | jq -r '.emails[]'
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var zero: ZeroOptions

    @Flag(name: .long, help: "Print {\"policy\": …, \"emails\": […]} on stdout.")
    var json = false

    func run() async throws {
        try await AccessRun.run(global: global, zero: zero) { command, console in
            let emails = try await AccessEditor.emails(command.context)
            if json {
                let document: JSONValue = [
                    "policy": .string(ZeroDesiredState.policyName), "emails": .array(emails.map(JSONValue.string)),
                ]
                console.output(String(decoding: document.encoded(), as: UTF8.self))
            } else {
                emails.forEach(console.output)
                if emails.isEmpty { console.warn("The policy allows no email: nobody can reach OpenClaw.") }
            }
        }
    }
}

/// `pomclaw access add EMAIL`.
struct AccessAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Allow an email to reach OpenClaw (no-op when already allowed).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var zero: ZeroOptions

    @Argument(help: ArgumentHelp("The email to allow, as the identity provider returns it.", valueName: "email"))
    var email: String

    func run() async throws {
        try await AccessRun.run(global: global, zero: zero) { command, console in
            try await AccessRun.change(.add(email), command, console, assumeYes: global.yes)
        }
    }
}

/// `pomclaw access remove EMAIL`.
struct AccessRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop allowing an email (no-op when not allowed; asks before removing the last one).",
        discussion: """
            Removing the last allowed email locks everyone out, so it asks first; without a \
            terminal, pass --yes. OPERATOR_EMAIL is refused: see `pomclaw access --help`.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var zero: ZeroOptions

    @Argument(help: ArgumentHelp("The email to stop allowing.", valueName: "email"))
    var email: String

    func run() async throws {
        try await AccessRun.run(global: global, zero: zero) { command, console in
            try await AccessRun.change(.remove(email), command, console, assumeYes: global.yes)
        }
    }
}
