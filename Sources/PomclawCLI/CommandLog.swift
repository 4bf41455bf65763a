import ArgumentParser
import Foundation
import PomclawCore

/// The run log of a command that changes the install (`RunLog`: `.pomclaw/logs/<command>-<UTC
/// time>.log`, 0600 in a 0700 folder, every secret replaced): it holds every line the console
/// shows from the command's start, and is written to a file only once the command holds the
/// install's lock (`open`), so a command refused or stopped before it changes anything leaves
/// no file. Its path is shown when the command fails.
final class CommandLog: Sendable {
    let file = RunLog()
    let command: String
    private let directory: InstallDirectory
    private let console: TerminalConsole

    init(_ command: String, directory: InstallDirectory, console: TerminalConsole) {
        self.command = command
        self.directory = directory
        self.console = console
    }

    /// The file's path once open.
    var path: String? { file.path }

    /// Writes the lines held so far to the file and every later one as it comes; a log that
    /// cannot be created is a warning, never a reason to stop.
    func open() {
        do {
            try file.open(in: directory, command: command)
        } catch {
            console.warn("No run log this time: \(error.userMessage)")
        }
    }

    /// Keeps `secret` out of the file.
    func redact(_ secret: Secret) { file.redact(secret) }

    /// Keeps both tokens of `settings` out of the file.
    func redact(_ settings: Settings) {
        file.redact(settings.zeroToken)
        file.redact(settings.apiToken)
    }
}

extension GlobalOptions {
    /// `runReportingErrors` for a command that changes the install, with its `CommandLog`
    /// (attached to the console unless `logging` is false, e.g. for a dry run). Every secret
    /// setting in the environment is redacted from the start; the body redacts what else it
    /// learns and opens the log once it holds the lock. When the command fails, or exits with a
    /// non-zero code, the log's path is shown last.
    func runLogged(
        _ command: String, logging: Bool = true,
        _ body: (TerminalConsole, [String: String], CommandLog) async throws -> Void
    ) async throws {
        try await runReportingErrors { console, environment in
            let log = CommandLog(command, directory: installDirectory, console: console)
            if logging { console.attach(log.file) }
            for key in InputKey.allCases where key.isSecret {
                if let value = environment[key.variable] { log.file.redact(value) }
            }
            do {
                try await body(console, environment, log)
            } catch let exit as ExitCode {
                if exit != .success, let path = log.path { console.info("Run log: \(path)") }
                throw exit
            } catch {
                guard let path = log.path else { throw error }
                console.error(error.userMessage)
                console.info("Run log: \(path)")
                throw ExitCode.failure
            }
        }
    }
}
