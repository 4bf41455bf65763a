import ArgumentParser
import Foundation
import PomclawCore

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
        try await AccessRun.run(global: global, zero: zero) { command, console, log in
            try await AccessRun.change(.add(email), command, console, log, assumeYes: global.yes)
        }
    }
}
