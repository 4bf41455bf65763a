import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw upgrade`: another pinned OpenClaw release, built, running and verified.
struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Move the install to another OpenClaw release: pin it in .env, build, recreate the gateway, verify.",
        discussion: """
            With --openclaw VERSION: pins OPENCLAW_VERSION=VERSION in .env, builds the image \
            openclaw:VERSION when it does not exist (the build output is shown), recreates the \
            gateway, waits until it answers, and checks that the install converged (the \
            gateway's trusted-proxy auth included). When the image cannot be built, the old pin \
            is put back and the running gateway is left alone. Going back is the same command \
            with the old version (its image is still there, so no build).

            Without --openclaw: re-applies the version already pinned in .env — useful after \
            editing OPENCLAW_VERSION by hand. Versions are releases like 2026.6.5; moving tags \
            such as `latest` are refused, so installs stay reproducible.

            From 2026.8.1, OpenClaw migrates its data one way: going back below it is refused \
            before anything changes. With the API token (--api-token-file, or \
            POMERIUM_ZERO_API_TOKEN) the web route's request headers in Pomerium Zero are \
            converged for the new release too.

            Examples:
              pomclaw upgrade --openclaw 2026.7.1
              pomclaw upgrade --openclaw 2026.9.8 --api-token-file ~/zero-api-token
              pomclaw upgrade                    # re-apply the pinned version

            Exit codes: 0 upgraded (or nothing to do), 1 error, 64 a version that is not a release.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Pomerium Zero (optional: the web route's headers follow the release)") var zero: ZeroOptions

    @Option(name: .customLong("openclaw"), help: ArgumentHelp("The OpenClaw release to move to, e.g. 2026.7.1.", valueName: "version"))
    var openclaw: String?

    /// `install`'s name for the same setting, accepted here too.
    @Option(name: .customLong("openclaw-version"), help: .hidden)
    var openclawVersion: String?

    func validate() throws {
        if openclaw != nil && openclawVersion != nil {
            throw ValidationError("--openclaw-version is another name for --openclaw; give one of them.")
        }
        if let openclaw = openclaw ?? openclawVersion {
            do {
                _ = try InputValidation.version(openclaw)
            } catch let error as PomclawError {
                throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        try await global.runLogged("upgrade") { console, environment, log in
            try global.installDirectory.requireInstall()
            let command = try await CommandContext.readOnly(
                global: global, flags: zero.flags, files: zero.files, console: console, environment: environment,
                readOnly: false)
            log.redact(command.context.settings)
            guard command.available.clusterDomain != nil, command.available.zeroToken != nil else {
                throw PomclawError(
                    "The install in \(global.installDirectory.path) has no POMERIUM_CLUSTER_DOMAIN or POMERIUM_ZERO_TOKEN in .env.",
                    next: "Run `pomclaw install` first (or pass the install's --dir).")
            }
            let target: String
            if let openclaw = openclaw ?? openclawVersion {
                target = try InputValidation.version(openclaw)
            } else {
                target = command.available.openclawVersion
                console.info("No --openclaw given: re-applying the pinned OpenClaw \(target). "
                    + "To move to another release, pass --openclaw VERSION.")
            }
            let lock = try RunLock.acquire(global.installDirectory, command: "upgrade")
            defer { withExtendedLifetime(lock) {} }
            log.open()
            let outcome = try await OpenClawUpgrade().run(
                to: target, zero: command.available.apiToken != nil, command.context)
            guard !outcome.report.failed else { throw ExitCode.failure }
            let from = outcome.from ?? "(unpinned)"
            console.success(from == outcome.to
                ? "OpenClaw \(outcome.to): already pinned; image, gateway and trusted-proxy auth verified."
                : "OpenClaw \(from) → \(outcome.to): the gateway runs openclaw:\(outcome.to) and answers; trusted-proxy auth verified.")
        }
    }
}
