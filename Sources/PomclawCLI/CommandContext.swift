import Foundation
import PomclawCore

/// The context for commands that work with the settings already on record (`status`,
/// `reset`): nothing is prompted for, and what is absent is left to the command to report.
struct CommandContext {
    var context: Context
    var available: AvailableInputs

    /// Reads flags, files, the environment and `.env` without prompting and builds the real
    /// adaptors. The options force read-only checks (`dryRun`) unless `readOnly` is false.
    static func readOnly(
        global: GlobalOptions, inputs: InputOptions?, console: TerminalConsole, environment: [String: String],
        readOnly: Bool = true, askAPIToken: APITokenQuestion? = nil
    ) async throws -> CommandContext {
        try await Self.readOnly(
            global: global, flags: inputs?.flags ?? [:], files: inputs?.files ?? [:], console: console,
            environment: environment, readOnly: readOnly, askAPIToken: askAPIToken)
    }

    /// Why a command asks for the API token when none was given, and whether Enter skips it.
    struct APITokenQuestion {
        var why: String
        var optional: Bool
    }

    /// The same, for commands with their own subset of the input flags.
    static func readOnly(
        global: GlobalOptions, flags: [InputKey: String], files: [InputKey: String], console: TerminalConsole,
        environment: [String: String], readOnly: Bool = true, askAPIToken: APITokenQuestion? = nil
    ) async throws -> CommandContext {
        let directory = global.installDirectory
        let dotenv = try DotEnvFile.read(from: directory.envFile)
        let sources = try InputSources(flags: flags, files: files, environment: environment, envFile: dotenv, console: console)
        let resolver = InputResolver(sources: sources, console: console, chooseCluster: { _, _ in
            throw PomclawError("No cluster domain is on record.", next: "Run pomclaw install first.")
        })
        var available = try resolver.resolveWithoutPrompting()
        if available.apiToken == nil, let askAPIToken {
            available.apiToken = try resolver.askAPIToken(why: askAPIToken.why, optional: askAPIToken.optional)
        }
        let time = SystemTimekeeper()
        let connection = ZeroConnection(
            baseURL: try ZeroClient.baseURL(environment: environment),
            transport: CurlTransport(version: PomclawVersion.current), time: time, console: console)
        let settings = available.settings
        let context = Context(
            directory: directory, settings: settings,
            options: RunOptions(assumeYes: global.yes, nonInteractive: global.nonInteractive, dryRun: readOnly),
            console: console, keys: OpenSSLKeyGenerator(), zero: connection.client(for: settings.apiToken),
            docker: global.docker(console: console, environment: environment), time: time)
        return CommandContext(context: context, available: available)
    }
}
