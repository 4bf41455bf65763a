import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw uninstall`: the stack stopped, pomclaw's Pomerium Zero objects deleted.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Stop the stack and delete the routes and policy pomclaw created in Pomerium Zero.",
        discussion: """
            Shows what it will remove, asks you to type `uninstall` (or pass --yes), then stops \
            the stack (docker compose down), deletes the web route, the SSH route and the \
            'openclaw users' policy (routes first: they reference the policy). Only pomclaw's \
            objects are touched: routes are found by their from URL, the policy by its name, and a \
            policy other routes also use is left (it would change who may reach them).

            --clear-cluster-ssh also clears the cluster's SSH host keys, user CA and sshAddress, \
            but only while they are still the ones pomclaw pushed (the keys in keys/, or the push \
            recorded in .pomclaw/state.json); other SSH settings are left, and it says why.

            keys/, openclaw-data/ (the assistant's workspace and config) and .pomclaw/ are kept \
            unless --purge; the purge asks its own question (type `purge`), and --yes does not \
            answer it: without a terminal, pass --yes-purge too. .env and the stack files are \
            always kept, so `pomclaw install` can set everything up again.

            Needs the API token (--api-token-file or POMERIUM_ZERO_API_TOKEN). Each item ends \
            removed, already absent, kept (with why) or failed (with why). Running it again is \
            safe: it removes only what is left.

            Examples:
              pomclaw uninstall --api-token-file ~/api.token
              POMERIUM_ZERO_API_TOKEN=… pomclaw uninstall --yes --volumes --clear-cluster-ssh
              pomclaw uninstall --purge --yes --yes-purge --api-token-file ~/api.token

            Exit codes: 0 nothing pomclaw manages remains, 1 something remains or an error, \
            64 usage.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var zero: ZeroOptions

    @Flag(name: .long, help: "Also delete the stack's Docker volumes (docker compose down --volumes).")
    var volumes = false

    @Flag(name: .customLong("clear-cluster-ssh"), help: "Also clear the cluster SSH settings pomclaw pushed, if they are still its own.")
    var clearClusterSSH = false

    @Flag(name: .long, help: "Also delete keys/, openclaw-data/ and .pomclaw/ (asks separately).")
    var purge = false

    @Flag(name: .customLong("yes-purge"), help: "Confirm the purge without asking (--yes does not).")
    var yesPurge = false

    func validate() throws {
        if yesPurge && !purge {
            throw ValidationError("--yes-purge confirms --purge; give both, or neither.")
        }
    }

    func run() async throws {
        try await global.runReportingErrors { console, environment in
            try global.installDirectory.requireInstall()
            if purge && !yesPurge && !console.canPrompt {
                throw PomclawError(
                    "--purge deletes the assistant's workspace and keys and needs its own confirmation, and there is no "
                        + "terminal to ask on. Nothing was changed.",
                    next: "Re-run with --yes-purge as well (--yes does not cover the purge), or without --purge.")
            }
            let command = try await CommandContext.forZero(
                "pomclaw uninstall", global: global, zero: zero, console: console, environment: environment)
            let options = UninstallOptions(volumes: volumes, clearClusterSSH: clearClusterSSH, purge: purge)
            var items = try await UninstallSurvey.items(command.context, options: options)
            items.forEach { console.info($0.planLine) }
            items = try confirmed(items, console)
            let lock = try RunLock.acquire(global.installDirectory, command: "uninstall")
            defer { withExtendedLifetime(lock) {} }
            var results = await UninstallExecutor.run(items, command.context)
            if items.contains(where: { if case .localFiles? = $0.target { true } else { false } }) {
                results += Self.removeLinks(to: global.installDirectory, environment: environment)
            }
            results.forEach { console.output($0.line) }
            let code = UninstallResult.exitCode(results)
            if code == 0 {
                console.success("Nothing pomclaw manages remains. .env and the stack files are kept: `pomclaw install` sets it up again.")
            } else {
                console.error("Some of what pomclaw manages remains (the failed lines above say why).\n"
                    + "Next: fix the cause and re-run pomclaw uninstall; it removes only what is left.")
            }
            throw ExitCode(code)
        }
    }

    /// The purge also removes the installer's `pomclaw` link on PATH when it points at this
    /// install's binary (a link to another install, or a file of its own, stays).
    private static func removeLinks(to directory: InstallDirectory, environment: [String: String]) -> [UninstallResult] {
        PomclawLink.links(to: directory, home: environment["HOME"]).map { path in
            unlink(path) == 0
                ? UninstallResult("link \(path)", .removed)
                : UninstallResult("link \(path)", .failed, "cannot remove it (\(String(cString: strerror(errno)))); remove it by hand")
        }
    }

    /// The items to run: unchanged once confirmed; the purge kept when it was declined. Throws
    /// (nothing changed) when the uninstall itself is not confirmed.
    private func confirmed(_ items: [UninstallItem], _ console: TerminalConsole) throws -> [UninstallItem] {
        let purgeIndex = items.firstIndex { if case .localFiles? = $0.target { true } else { false } }
        let others = items.enumerated().contains { $0.element.isPresent && $0.offset != purgeIndex }
        guard others || purgeIndex.map({ items[$0].isPresent }) == true else {
            console.info("Nothing to remove.")
            return items
        }
        if others && !global.yes {
            guard try ask(console, word: "uninstall", because: "Uninstall removes the items marked remove above.",
                          noTerminal: "Re-run with --yes to confirm.")
            else {
                throw PomclawError("Uninstall not confirmed: nothing was changed.", next: "Re-run and type 'uninstall', or pass --yes.")
            }
        }
        guard let purgeIndex, items[purgeIndex].isPresent, !yesPurge else { return items }
        var items = items
        if try !ask(console, word: "purge", because: "The purge deletes the assistant's workspace, its config and the SSH keys for good.",
                    noTerminal: "Re-run with --yes-purge as well, or without --purge.") {
            console.warn("Purge not confirmed: keys/ and openclaw-data/ are kept.")
            items[purgeIndex] = UninstallItem(items[purgeIndex].name, .kept("kept (the purge was not confirmed)"))
        }
        return items
    }

    /// True when the user typed `word`.
    private func ask(_ console: TerminalConsole, word: String, because: String, noTerminal: String) throws -> Bool {
        guard console.canPrompt else {
            throw PomclawError("pomclaw uninstall needs confirmation, and there is no terminal to ask on. Nothing was changed.", next: noTerminal)
        }
        console.warn(because)
        do {
            return try console.prompt("Type '\(word)' to confirm: ", secret: false).trimmingCharacters(in: .whitespaces) == word
        } catch PromptError.endOfInput {
            throw PomclawError("Input ended at the confirmation: nothing was changed.", next: "Re-run on a terminal, or with \(noTerminal.contains("--yes-purge") ? "--yes-purge" : "--yes").")
        }
    }
}
