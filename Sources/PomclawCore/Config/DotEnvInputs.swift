extension DotEnvFile {
    /// The install's `.env` as a source of settings: its values as docker compose reads them.
    /// A file compose refuses, or a setting pomclaw manages that compose reads as another value
    /// than the one written (a `$` it substitutes), stops the run with the line to fix: pomclaw
    /// would check one value while the containers get another. Other warnings are shown.
    /// Keys in `suppliedElsewhere` (given by a flag, a file or the environment) are not taken
    /// from `.env`: the `.env` step writes them there anew, in a form compose reads as written.
    func inputValues(console: any Console, suppliedElsewhere: Set<String>) throws -> [String: String] {
        for warning in warnings where !warning.refusedByCompose {
            console.warn(".env \(warning.description)")
        }
        if let refusal {
            throw PomclawError(
                "docker compose refuses this .env (and so would start nothing): line \(refusal.line): \(refusal.reason).",
                next: "Fix line \(refusal.line) of .env (quote the value, or remove the line), then run pomclaw again.")
        }
        if let differing = readDifferently(InputKey.allCases.map(\.variable).filter { !suppliedElsewhere.contains($0) }).first, let key = differing.key {
            throw PomclawError(
                ".env line \(differing.line): \(differing.reason).",
                next: "Write line \(differing.line) as \(key)='…' with the whole value inside single quotes (docker compose "
                    + "then reads it as written), or give pomclaw the value itself (\(InputKey(rawValue: key)?.howToSupply ?? "the environment")). "
                    + "Then run pomclaw again.")
        }
        return values
    }
}

extension InputSources {
    /// The sources with `.env`'s values as `DotEnvFile.inputValues` gives them.
    public init(
        flags: [InputKey: String], files: [InputKey: String], environment: [String: String], envFile: DotEnvFile,
        console: any Console
    ) throws {
        let elsewhere = InputKey.allCases.filter {
            flags[$0] != nil || files[$0] != nil || !(environment[$0.variable] ?? "").isEmpty
        }
        self.init(
            flags: flags, files: files, environment: environment,
            dotenv: try envFile.inputValues(console: console, suppliedElsewhere: Set(elsewhere.map(\.variable))))
    }
}
