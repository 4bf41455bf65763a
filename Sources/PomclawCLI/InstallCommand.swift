import ArgumentParser
import PomclawCore

/// `pomclaw install`: the whole install, idempotently.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install or converge OpenClaw behind Pomerium Zero (the default command)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Only check: print the plan, change nothing. Exit 0 when nothing would change, 2 when something would.")
    var dryRun = false

    func run() async throws {
        throw ExitCode.failure
    }
}
