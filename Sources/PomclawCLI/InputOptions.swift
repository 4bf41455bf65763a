import ArgumentParser
import PomclawCore

/// The settings as command-line options. Secrets are better given as files or environment
/// variables: a value on the command line is visible to other users in `ps`.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("zero-token"), help: ArgumentHelp("The cluster bootstrap token (POMERIUM_ZERO_TOKEN). Visible in ps: prefer --zero-token-file.", valueName: "token"))
    var zeroToken: String?

    @Option(name: .customLong("zero-token-file"), help: ArgumentHelp("Read the cluster bootstrap token from a file.", valueName: "path"))
    var zeroTokenFile: String?

    @Option(name: .customLong("api-token"), help: ArgumentHelp("The Zero API user token (POMERIUM_ZERO_API_TOKEN). Visible in ps: prefer --api-token-file.", valueName: "token"))
    var apiToken: String?

    @Option(name: .customLong("api-token-file"), help: ArgumentHelp("Read the Zero API user token from a file.", valueName: "path"))
    var apiTokenFile: String?

    @Option(name: .customLong("cluster-domain"), help: ArgumentHelp("The cluster's domain (POMERIUM_CLUSTER_DOMAIN); picked from your clusters when omitted.", valueName: "domain"))
    var clusterDomain: String?

    @Option(name: .customLong("operator-email"), help: ArgumentHelp("The email you sign in with (OPERATOR_EMAIL); the route policy allows it.", valueName: "email"))
    var operatorEmail: String?

    @Option(name: .customLong("openclaw-version"), help: ArgumentHelp("The OpenClaw release to install (OPENCLAW_VERSION, default \(Settings.defaultOpenClawVersion)).", valueName: "version"))
    var openclawVersion: String?

    /// `upgrade`'s name for the same setting, accepted here too.
    @Option(name: .customLong("openclaw"), help: .hidden)
    var openclaw: String?

    func validate() throws {
        if zeroToken != nil && zeroTokenFile != nil {
            throw ValidationError("Give --zero-token or --zero-token-file, not both.")
        }
        if apiToken != nil && apiTokenFile != nil {
            throw ValidationError("Give --api-token or --api-token-file, not both.")
        }
        if openclawVersion != nil && openclaw != nil {
            throw ValidationError("--openclaw is another name for --openclaw-version; give one of them.")
        }
    }

    var flags: [InputKey: String] {
        var flags: [InputKey: String] = [:]
        flags[.zeroToken] = zeroToken
        flags[.apiToken] = apiToken
        flags[.clusterDomain] = clusterDomain
        flags[.operatorEmail] = operatorEmail
        flags[.openclawVersion] = openclawVersion ?? openclaw
        return flags
    }

    var files: [InputKey: String] {
        var files: [InputKey: String] = [:]
        files[.zeroToken] = zeroTokenFile
        files[.apiToken] = apiTokenFile
        return files
    }
}
