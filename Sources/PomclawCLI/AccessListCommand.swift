import ArgumentParser
import Foundation
import PomclawCore

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
        try await AccessRun.run(global: global, zero: zero) { command, console, _ in
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
