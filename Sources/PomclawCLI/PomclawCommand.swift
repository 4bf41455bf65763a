import ArgumentParser
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
    /// Parses the process arguments, runs the command and exits with its code.
    public static func start() async {
        await launch(Self.self)
    }

    private static func launch<Command: AsyncParsableCommand>(_ command: Command.Type) async {
        await command.main()
    }
}
