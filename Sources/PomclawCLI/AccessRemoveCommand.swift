import ArgumentParser
import Foundation
import PomclawCore

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
        try await AccessRun.run(global: global, zero: zero) { command, console, log in
            try await AccessRun.change(.remove(email), command, console, log, assumeYes: global.yes)
        }
    }
}
