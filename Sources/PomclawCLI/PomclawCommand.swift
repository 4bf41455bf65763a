import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw`: puts OpenClaw behind Pomerium Zero on this Docker host.
public struct PomclawCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pomclaw",
        abstract: "Put a self-hosted OpenClaw behind Pomerium Zero: SSO web route, SSH route, trusted-proxy auth.",
        discussion: """
            Run it in the directory that should hold the install (or pass --dir). It asks for \
            what it is missing, then converges: every step checks first and changes only what \
            is missing or has drifted, so re-running is always safe.

            Examples:
              pomclaw                          # same as: pomclaw install
              pomclaw install --dry-run        # show the plan, change nothing
              pomclaw install --dir ~/openclaw --operator-email me@example.com
              pomclaw --dir ~/openclaw status  # shared options may come before the command
              pomclaw -v                       # the version, as --version
            """,
        version: PomclawVersion.current,
        subcommands: [
            InstallCommand.self, StatusCommand.self, ResetCommand.self, UninstallCommand.self, AccessCommand.self,
            DoctorCommand.self, UpgradeCommand.self,
        ],
        defaultSubcommand: InstallCommand.self
    )

    public init() {}
}

extension PomclawCommand {
    /// Parses the process arguments (after `CommandLineArguments` has read them), runs the
    /// command and exits with its code.
    public static func start() async {
        switch CommandLineArguments.interpret(Array(CommandLine.arguments.dropFirst())) {
        case .version:
            print(PomclawVersion.current)
        case .unknownCommand(let word, let suggestion):
            let console = TerminalConsole(
                nonInteractive: true, noColor: false, environment: ProcessInfo.processInfo.environment)
            let shown = InputValidation.shown(word, limit: 40)
            let next = suggestion.map { "Did you mean `pomclaw \($0)`? `pomclaw --help` lists the commands." }
                ?? "`pomclaw --help` lists the commands: " + CommandLineArguments.commands.map(\.0).filter { $0 != "help" }
                    .joined(separator: ", ") + "."
            console.error(PomclawError("\(shown) is not a pomclaw command.", next: next).userMessage)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        case .run(let arguments):
            await launch(Self.self, arguments)
        }
    }

    private static func launch<Command: AsyncParsableCommand>(_ command: Command.Type, _ arguments: [String]) async {
        await command.main(arguments)
    }
}
