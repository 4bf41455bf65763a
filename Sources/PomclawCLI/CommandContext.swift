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
        global: GlobalOptions, inputs: InputOptions?, console: any Console, environment: [String: String],
        readOnly: Bool = true
    ) async throws -> CommandContext {
        try await Self.readOnly(
            global: global, flags: inputs?.flags ?? [:], files: inputs?.files ?? [:], console: console,
            environment: environment, readOnly: readOnly)
    }

    /// The same, for commands with their own subset of the input flags.
    static func readOnly(
        global: GlobalOptions, flags: [InputKey: String], files: [InputKey: String], console: any Console,
        environment: [String: String], readOnly: Bool = true
    ) async throws -> CommandContext {
        let directory = global.installDirectory
        let dotenv = try DotEnvFile.read(from: directory.envFile)
        for warning in dotenv.warnings {
            console.warn(".env \(warning.description); the line is kept as it is")
        }
        let sources = InputSources(flags: flags, files: files, environment: environment, dotenv: dotenv.values)
        let resolver = InputResolver(sources: sources, console: console, chooseCluster: { _, _ in
            throw PomclawError("No cluster domain is on record.", next: "Run pomclaw install first.")
        })
        let available = try resolver.resolveWithoutPrompting()
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
