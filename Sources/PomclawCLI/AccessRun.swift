import ArgumentParser
import Foundation
import PomclawCore

/// What the `access` subcommands share: the context, error reporting and exit codes, and the
/// change-then-confirm flow of `add` and `remove`.
enum AccessRun {
    static func run(
        global: GlobalOptions, zero: ZeroOptions,
        _ body: (CommandContext, TerminalConsole, CommandLog) async throws -> Void
    ) async throws {
        try await global.runLogged("access") { console, environment, log in
            try global.installDirectory.requireInstall()
            let command = try await CommandContext.forZero(
                "pomclaw access", global: global, zero: zero, console: console, environment: environment)
            log.redact(command.context.settings)
            try await body(command, console, log)
        }
    }

    /// Changes the policy as `change` says, when it differs; the run log is written from the
    /// moment the lock is held (`list`, and a change that changes nothing, leave none).
    static func change(
        _ change: AccessChange, _ command: CommandContext, _ console: TerminalConsole, _ log: CommandLog, assumeYes: Bool
    ) async throws {
        let plan = try await AccessEditor.plan(change, operatorEmail: command.available.operatorEmail, command.context)
        switch plan {
        case .unchanged(let why):
            console.info(why)
        case .update(_, _, let summary, let locksEveryoneOut):
            if locksEveryoneOut && !assumeYes {
                try confirmLockout(console)
            }
            let lock = try RunLock.acquire(command.context.directory, command: "access")
            defer { withExtendedLifetime(lock) {} }
            log.open()
            try await AccessEditor.apply(plan, change: change, command.context)
            console.success(summary.prefix(1).uppercased() + summary.dropFirst() + ".")
        }
    }

    private static func confirmLockout(_ console: TerminalConsole) throws {
        let what = "This removes the last email the policy allows: it locks everyone out of OpenClaw."
        guard console.canPrompt else {
            throw PomclawError("\(what) It needs confirmation, and there is no terminal to ask on. Nothing was changed.",
                               next: "Re-run with --yes to confirm, or add another email first (pomclaw access add).")
        }
        console.warn(what)
        let answer: String
        do {
            answer = try console.prompt("Type 'remove' to confirm: ", secret: false)
        } catch PromptError.endOfInput {
            throw PomclawError("Input ended at the confirmation: nothing was changed.", next: "Re-run on a terminal, or with --yes.")
        }
        guard answer.trimmingCharacters(in: .whitespaces) == "remove" else {
            throw PomclawError("Not confirmed: nothing was changed.", next: "Re-run and type 'remove' to confirm.")
        }
    }
}
