import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw reset`: the gateway back to token auth, devices forgotten.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Take OpenClaw out of trusted-proxy auth: forget paired devices, token auth with a new random token.",
        discussion: """
            Destructive: puts the gateway back in token auth with a freshly generated random \
            token (shown once) and removes the trusted-proxy settings, in one config write the \
            gateway restarts for; then clears OpenClaw's paired devices and pending pairing \
            requests. Pomerium Zero routes and policies are not touched. Run `pomclaw install` \
            to converge back.

            Asks you to type `reset` to confirm; without a terminal, pass --yes.

            Examples:
              pomclaw reset
              pomclaw reset --yes --dir ~/openclaw
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.runLogged("reset") { console, environment, log in
            try global.installDirectory.requireInstall()
            guard try confirmed(console) else {
                console.warn("Reset not confirmed: nothing was changed.")
                throw ExitCode.failure
            }
            let lock = try RunLock.acquire(global.installDirectory, command: "reset")
            defer { withExtendedLifetime(lock) {} }
            let command = try await CommandContext.readOnly(
                global: global, inputs: nil, console: console, environment: environment, readOnly: false)
            log.redact(command.context.settings)
            log.open()
            let outcome = try await GatewayReset().run(command.context) { console.success($0) }
            // Shown once on screen; the run log keeps the marker instead.
            log.redact(outcome.token)
            console.output("Gateway token (shown once; store it now): \(outcome.token.value)")
            console.info("Pomerium Zero routes and policies were not touched, but until `pomclaw install` runs again the "
                + "web route lets nobody in: the gateway no longer trusts Pomerium's sign-in. Run `pomclaw install` to go back "
                + "to trusted-proxy auth.")
        }
    }

    /// True when the user typed `reset` (or passed --yes).
    private func confirmed(_ console: TerminalConsole) throws -> Bool {
        if global.yes { return true }
        guard console.canPrompt else {
            throw PomclawError(
                "pomclaw reset changes the gateway's auth and needs confirmation, and there is no terminal to ask on.",
                next: "Re-run with --yes to confirm.")
        }
        console.warn("Reset puts the gateway back in token auth with a new random token, removes the "
            + "trusted-proxy settings (the gateway restarts) and clears OpenClaw's paired devices. "
            + "Pomerium Zero routes and policies are not touched, yet the web route lets nobody in until `pomclaw install` runs again.")
        do {
            let answer = try console.prompt("Type 'reset' to confirm: ", secret: false)
            return answer.trimmingCharacters(in: .whitespaces) == "reset"
        } catch PromptError.endOfInput {
            throw PomclawError("Input ended at the confirmation: nothing was changed.", next: "Re-run on a terminal, or with --yes.")
        }
    }
}
