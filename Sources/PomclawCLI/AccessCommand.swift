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
