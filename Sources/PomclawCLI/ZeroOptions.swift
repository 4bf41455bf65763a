import ArgumentParser
import PomclawCore

/// The inputs a command needs to reach the install's Pomerium Zero cluster: the API token and,
/// when `.env` does not hold it, the cluster domain.
struct ZeroOptions: ParsableArguments {
    @Option(name: .customLong("api-token"), help: ArgumentHelp("The Zero API user token (POMERIUM_ZERO_API_TOKEN). Visible in ps: prefer --api-token-file.", valueName: "token"))
    var apiToken: String?

    @Option(name: .customLong("api-token-file"), help: ArgumentHelp("Read the Zero API user token from a file.", valueName: "path"))
    var apiTokenFile: String?

    @Option(name: .customLong("cluster-domain"), help: ArgumentHelp("The cluster's domain (POMERIUM_CLUSTER_DOMAIN); read from .env when omitted.", valueName: "domain"))
    var clusterDomain: String?

    func validate() throws {
        if apiToken != nil && apiTokenFile != nil {
            throw ValidationError("Give --api-token or --api-token-file, not both.")
        }
    }

    var flags: [InputKey: String] {
        var flags: [InputKey: String] = [:]
        flags[.apiToken] = apiToken
        flags[.clusterDomain] = clusterDomain
        return flags
    }

    var files: [InputKey: String] {
        var files: [InputKey: String] = [:]
        files[.apiToken] = apiTokenFile
        return files
    }
}

extension CommandContext {
    /// The context for a command that changes Zero objects, after checking that the API token
    /// and the cluster domain were found; `what` names the command in the error.
    static func forZero(
        _ what: String, global: GlobalOptions, zero: ZeroOptions, console: TerminalConsole, environment: [String: String]
    ) async throws -> CommandContext {
        let command = try await readOnly(
            global: global, flags: zero.flags, files: zero.files, console: console, environment: environment, readOnly: false,
            askAPIToken: APITokenQuestion(
                why: "\(what) works on Pomerium Zero through its API and needs an API user token (pomclaw never stores it).",
                optional: false))
        if command.available.apiToken == nil {
            throw PomclawError(
                "\(what) works on Pomerium Zero through its API and needs the API user token, which is not stored in .env.",
                next: "Run it on a terminal to be asked for it, pass --api-token-file PATH or set POMERIUM_ZERO_API_TOKEN (create one at \(InputValidation.apiTokenPage)).")
        }
        if command.available.clusterDomain == nil {
            throw PomclawError(
                "\(what) needs the cluster domain, and there is none in .env at \(global.installDirectory.path).",
                next: "Run it in the install directory (or pass --dir), or pass --cluster-domain.")
        }
        return command
    }
}
