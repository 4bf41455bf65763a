import Foundation

/// Every place a setting can come from, highest priority first: command-line values and
/// files, the environment, the install directory's `.env`; a prompt comes last.
public struct InputSources: Sendable {
    /// Values given on the command line.
    public var flags: [InputKey: String]
    /// Paths given by `--zero-token-file` / `--api-token-file`.
    public var files: [InputKey: String]
    /// The process environment.
    public var environment: [String: String]
    /// The effective values of `.env`.
    public var dotenv: [String: String]

    public init(
        flags: [InputKey: String] = [:], files: [InputKey: String] = [:],
        environment: [String: String] = [:], dotenv: [String: String] = [:]
    ) {
        self.flags = flags
        self.files = files
        self.environment = environment
        self.dotenv = dotenv
    }
}

/// The settings and where each came from.
public struct ResolvedInputs: Sendable, Equatable {
    public var settings: Settings
    public var origins: [InputKey: InputOrigin]
}

/// Picks the cluster when no domain was given: receives the API token and whether it may ask.
public typealias ClusterChooser = @Sendable (_ apiToken: Secret, _ interactive: Bool) async throws -> String

/// Resolves the settings: flag > environment > `.env` > prompt. Prompts only when the console
/// can; without a terminal every missing value is reported at once, each with the ways to
/// supply it.
public struct InputResolver: Sendable {
    public let sources: InputSources
    public let console: any Console
    public let chooseCluster: ClusterChooser

    public init(sources: InputSources, console: any Console, chooseCluster: @escaping ClusterChooser) {
        self.sources = sources
        self.console = console
        self.chooseCluster = chooseCluster
    }

    public func resolve() async throws -> ResolvedInputs {
        var raw: [InputKey: (String, InputOrigin)] = [:]
        for key in InputKey.allCases {
            if let found = try supplied(key) { raw[key] = found }
        }

        // Validate what was supplied before asking for anything else.
        var origins: [InputKey: InputOrigin] = [:]
        var zeroToken: Secret?, apiToken: Secret?, domain: String?, email: String?
        var version = Settings.defaultOpenClawVersion
        origins[.openclawVersion] = .defaultValue
        for (key, (value, origin)) in raw {
            origins[key] = origin
            switch key {
            case .zeroToken: zeroToken = try validated(key, origin) { try InputValidation.token(value, key) }
            case .apiToken: apiToken = try validated(key, origin) { try InputValidation.token(value, key) }
            case .clusterDomain: domain = try validated(key, origin) { try InputValidation.domain(value) }
            case .operatorEmail: email = try validated(key, origin) { try InputValidation.email(value) }
            case .openclawVersion: version = try validated(key, origin) { try InputValidation.version(value) }
            }
        }

        let missing = InputKey.allCases.filter { $0 != .openclawVersion && raw[$0] == nil }
        if !missing.isEmpty && !console.canPrompt {
            // Without a terminal, a missing domain can still be found through the API when the
            // token can see exactly one cluster; anything else missing is reported at once.
            if missing != [.clusterDomain] {
                throw Self.missingError(missing)
            }
        }
        if !missing.isEmpty && console.canPrompt {
            console.info("Need: cluster bootstrap token + API user token + your sign-in email.")
            console.info("Generate an API token at \(InputValidation.apiTokenPage) if you don't have one.")
        }
        if zeroToken == nil {
            zeroToken = try ask(.zeroToken) { try InputValidation.token($0, .zeroToken) }
            origins[.zeroToken] = .prompt
        }
        if apiToken == nil {
            apiToken = try ask(.apiToken) { try InputValidation.token($0, .apiToken) }
            origins[.apiToken] = .prompt
        }
        if domain == nil, let apiToken {
            domain = try await chooseCluster(apiToken, console.canPrompt)
            origins[.clusterDomain] = .picker
        }
        if email == nil {
            email = try ask(.operatorEmail) { try InputValidation.email($0) }
            origins[.operatorEmail] = .prompt
        }
        guard let zeroToken, let apiToken, let domain, let email else {
            throw Self.missingError(missing)
        }
        return ResolvedInputs(
            settings: Settings(
                zeroToken: zeroToken, apiToken: apiToken, clusterDomain: domain,
                operatorEmail: email, openclawVersion: version),
            origins: origins)
    }

    /// The highest-priority supplied value of `key`, with its origin. Empty values count as
    /// not supplied, except on the command line.
    func supplied(_ key: InputKey) throws -> (String, InputOrigin)? {
        if let value = sources.flags[key] { return (value, .flag) }
        if let path = sources.files[key] {
            let option = key.fileFlag ?? key.flag
            // Read at most a little more than any token could be: the path may name a device
            // that never ends (/dev/zero) or a large file given by mistake.
            let limit = 4 * InputValidation.maximumTokenLength
            guard let handle = FileHandle(forReadingAtPath: path),
                let data = try? handle.read(upToCount: limit + 1) ?? Data()
            else {
                // Arguments are decoded as UTF-8; other bytes become U+FFFD and name nothing.
                let notUTF8 = path.unicodeScalars.contains("\u{FFFD}")
                throw PomclawError(
                    "\(key.variable): could not read \(InputValidation.shown(path, limit: 120)) (given with \(option))"
                        + (notUTF8 ? "; the path is not UTF-8 text." : "."),
                    next: notUTF8
                        ? "Rename the file (or a directory above it) to a UTF-8 name, or supply the token with \(key.howToSupply)."
                        : "Check the path and that the file is readable by this user.")
            }
            try? handle.close()
            guard data.count <= limit else {
                throw PomclawError(
                    "\(key.variable): \(InputValidation.shown(path, limit: 120)) (given with \(option)) holds more than \(limit) bytes, more than any token.",
                    next: "Check that \(option) names the file holding just the token.")
            }
            return (String(decoding: data, as: UTF8.self), .file)
        }
        if let value = sources.environment[key.variable], !value.isEmpty { return (value, .environment) }
        if let value = sources.dotenv[key.variable], !value.isEmpty { return (value, .dotenv) }
        return nil
    }

    /// Validates a supplied value, naming its source in the error.
    func validated<T>(_ key: InputKey, _ origin: InputOrigin, _ check: () throws -> T) throws -> T {
        do {
            return try check()
        } catch let error as PomclawError {
            let source: String
            switch origin {
            case .flag: source = key.flag
            case .file: source = key.fileFlag ?? key.flag
            case .environment: source = "the environment"
            case .dotenv: source = ".env"
            default: source = "the prompt"
            }
            throw PomclawError("\(error.message) (from \(source))", next: error.nextAction)
        }
    }

    /// Prompts until a valid answer, at most three times. EOF is an error, never an empty value.
    func ask<T>(_ key: InputKey, _ check: (String) throws -> T) throws -> T {
        var lastError: PomclawError?
        for _ in 0..<3 {
            let answer: String
            do {
                answer = try console.prompt("\(key.label): ", secret: key.isSecret)
            } catch PromptError.endOfInput {
                throw PomclawError(
                    "No value for \(key.variable): input ended at the prompt.",
                    next: "Run pomclaw again on a terminal, or supply it with \(key.howToSupply).")
            }
            if answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                console.warn("\(key.variable) is required.")
                lastError = PomclawError("\(key.variable) is required.", next: "Supply it with \(key.howToSupply).")
                continue
            }
            do {
                return try check(answer)
            } catch let error as PomclawError {
                console.warn(error.description)
                lastError = error
            }
        }
        throw lastError ?? PomclawError("\(key.variable) is required.", next: "Supply it with \(key.howToSupply).")
    }

    static func missingError(_ missing: [InputKey]) -> PomclawError {
        let lines = missing.map { "  \($0.variable) (\($0.label)): \($0.howToSupply)" }
        return PomclawError(
            "Missing required settings, and there is no terminal to ask on:\n" + lines.joined(separator: "\n"),
            next: "Supply them as shown and run pomclaw again.")
    }
}
