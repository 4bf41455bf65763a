import Foundation

/// Keeps the install's `.env` holding the settings the stack reads: the cluster token, the
/// cluster domain, the operator email and the pinned OpenClaw version. Only these keys are
/// touched; every other line stays. The API token is never written: it is needed only while
/// pomclaw runs, and `.env` is read by the containers.
public struct EnvFileStep: Step {
    public let id = "env-file"
    public let title = "Settings file .env"

    public init() {}

    /// The keys this step owns, with the comment written above a newly added one.
    static let managed: [(InputKey, String)] = [
        (.zeroToken, "Pomerium Zero cluster bootstrap token (Pomerium Zero console, cluster onboarding)"),
        (.clusterDomain, "Pomerium Zero cluster domain, e.g. trusted-dog-1049.pomerium.app"),
        (.operatorEmail, "The email your identity provider returns; the route policy allows it"),
        (.openclawVersion, "The OpenClaw release to install (pinned so installs are reproducible)"),
    ]

    public func check(_ context: Context) async throws -> CheckResult {
        let path = context.directory.envFile
        let file = try DotEnvFile.read(from: path)
        var changes: [String] = []
        let values = file.values
        for (key, _) in Self.managed where values[key.variable] != Self.value(key, context.settings) {
            let verb = values[key.variable] == nil ? "add" : "update"
            changes.append(key.isSecret ? "\(verb) \(key.variable)" : "\(verb) \(key.variable)=\(Self.value(key, context.settings))")
        }
        if !changes.isEmpty, !FileManager.default.fileExists(atPath: path) {
            changes.insert("create \(path) (mode 0600)", at: 0)
        } else if let mode = Self.mode(path), mode & 0o077 != 0 {
            changes.append("restrict .env to mode 0600 (it is \(String(mode, radix: 8)))")
        }
        if let mode = Self.mode(context.directory.path), mode & 0o077 != 0 {
            changes.insert(
                "restrict the install directory \(context.directory.path) to mode 0700 (it is \(KeyFiles.octal(mode_t(mode))); .env holds the cluster token)",
                at: 0)
        }
        let finding: Plan.Finding = FileManager.default.fileExists(atPath: path) ? .drifted : .missing
        return changes.isEmpty ? .done(nil) : .changes(Plan(changes, finding: finding))
    }

    public func apply(_ context: Context) async throws {
        let path = context.directory.envFile
        // Private before .env is written: other users cannot reach .env, nor the temporary file
        // an atomic write makes beside it.
        try AtomicFile.createDirectory(context.directory.path, mode: Self.directoryMode)
        if let mode = Self.mode(context.directory.path), mode & 0o077 != 0 {
            guard chmod(context.directory.path, Self.directoryMode) == 0 else {
                throw AtomicFile.fileError("set the mode of", context.directory.path, errno)
            }
        }
        var file = try DotEnvFile.read(from: path)
        for (key, comment) in Self.managed where file.values[key.variable] != Self.value(key, context.settings) {
            file = try file.setting(key.variable, Self.value(key, context.settings), comment: comment)
        }
        try file.write(to: path)
    }

    /// The install directory's mode: it holds `.env`.
    static let directoryMode: mode_t = 0o700

    static func value(_ key: InputKey, _ settings: Settings) -> String {
        switch key {
        case .zeroToken: settings.zeroToken.value
        case .apiToken: settings.apiToken.value
        case .clusterDomain: settings.clusterDomain
        case .operatorEmail: settings.operatorEmail
        case .openclawVersion: settings.openclawVersion
        }
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
    }
}
