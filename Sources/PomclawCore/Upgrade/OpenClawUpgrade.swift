import Foundation

/// `pomclaw upgrade`: moves the install to another pinned OpenClaw release.
///
/// Pins `OPENCLAW_VERSION` in `.env` (the only place the version lives), then converges the
/// Docker side of the install: the image `openclaw:<version>` is built when it does not exist,
/// the gateway is recreated (its Compose configuration names the new image), the runner waits
/// until it answers and checks every step again, and the trusted-proxy settings are verified
/// (and repaired) against the new container. When the image cannot be built, the old pin is
/// put back, so the running gateway and `.env` agree again.
public struct OpenClawUpgrade: Sendable {
    /// What an upgrade did.
    public struct Outcome: Sendable, Equatable {
        /// The pin before (nil when `.env` had none).
        public var from: String?
        public var to: String
        public var report: RunReport
        /// True when the image step failed and the old pin was written back.
        public var restoredPin: Bool
    }

    /// The steps an upgrade converges: the image, the gateway and Pomerium (recreated and
    /// answering), the gateway's trusted-proxy auth, the rest of the stack.
    public static var steps: [any Step] {
        [ImageStep(), StackServicesStep.gatewayAndPomerium.readingGatewayConfigAhead, TrustedProxyStep(), StackServicesStep.wholeStack]
    }

    public init() {}

    /// Pins `version` (already validated) and converges. Throws before changing anything when
    /// the directory holds no install. With `zero` (an API token is at hand), the web route's
    /// request headers in Pomerium Zero are converged for the new release too.
    public func run(to version: String, zero: Bool = false, _ context: Context) async throws -> Outcome {
        let path = context.directory.envFile
        guard FileManager.default.fileExists(atPath: path), Doctor.installed(context.directory) else {
            throw PomclawError(
                "There is no install in \(context.directory.path) (no .env or compose file).",
                next: "Run `pomclaw install --openclaw-version \(version)` to install that release, or pass the install's --dir.")
        }
        guard FileManager.default.fileExists(atPath: context.directory.file(ComposeCLI.composeFiles[0])) else {
            throw PomclawError(
                "\(context.directory.path) holds the original installer's setup (docker-compose.yml), not pomclaw's compose.yaml.",
                next: "Run `pomclaw install` there first: it adopts that install (same keys, same Zero objects), then upgrade.")
        }
        let file = try DotEnvFile.read(from: path)
        let old = file.values[InputKey.openclawVersion.variable]
        try Self.checkMigration(from: old, to: version, context)
        let comment = "The OpenClaw release to install (pinned so installs are reproducible)"
        if old != version {
            try file.setting(InputKey.openclawVersion.variable, version, comment: comment).write(to: path)
            context.console.info("OPENCLAW_VERSION in .env: \(old ?? "(unset)") → \(version)")
        }
        var pinned = context
        pinned.settings.openclawVersion = version
        let report = await Runner(Self.steps + (zero ? [RouteStep.web] : [])).run(pinned)
        if !zero, let old, let before = OpenClawCapabilities(version: old), let after = OpenClawCapabilities(version: version),
            before.webRouteSendsScopesHeader != after.webRouteSendsScopesHeader
        {
            context.console.warn(
                "The web route in Pomerium Zero still has the request headers of OpenClaw \(old)"
                    + " (x-openclaw-scopes); OpenClaw \(version) needs \(after.webRouteSendsScopesHeader ? "it" : "it gone")."
                    + " Run `pomclaw install --api-token-file PATH` (or this upgrade with it) to update the route.")
        }
        var restored = false
        if old != version, let image = report.steps.first, image.id == "image", Self.stopped(image.outcome) {
            // Nothing was recreated: put the old pin back so .env matches what runs.
            var current = try DotEnvFile.read(from: path)
            if let old {
                current = try current.setting(InputKey.openclawVersion.variable, old, comment: comment)
            } else {
                current = current.removing(InputKey.openclawVersion.variable)
            }
            try current.write(to: path)
            restored = true
            context.console.warn("OPENCLAW_VERSION in .env is back at \(old ?? "(unset)"); the running gateway was not touched.")
        }
        return Outcome(from: old, to: version, report: report, restoredPin: restored)
    }

    /// Refuses, before anything changes, to go back below a release that migrated the data
    /// one way (the older release would not start on it), and says so when this upgrade is
    /// the one that migrates (openclaw-versions.md §6, "data"; `OpenClawCapabilities`).
    static func checkMigration(from old: String?, to version: String, _ context: Context) throws {
        guard let old, let from = OpenClawRelease(old), let to = OpenClawRelease(version) else { return }
        if OpenClawCapabilities.isDowngradeAcrossMigration(from: from, to: to) {
            throw PomclawError(
                "OpenClaw \(from) migrated its data one way when it first started; \(to) cannot start on that data, "
                    + "so pomclaw does not go back below \(OpenClawCapabilities.deviceAuthRework). Nothing was changed.",
                next: "Stay on \(from), or move to another release from \(OpenClawCapabilities.deviceAuthRework) on "
                    + "(`pomclaw upgrade --openclaw \(OpenClawCapabilities.newestKnown)`).")
        }
        if OpenClawCapabilities.isUpgradeAcrossMigration(from: from, to: to) {
            context.console.warn(
                "OpenClaw \(to) migrates its data one way when it first starts: there is no way back to \(from) "
                    + "afterwards. Browsers behind Pomerium are paired automatically from then on, and the operator "
                    + "(\(context.settings.operatorEmail)) gets admin in the Control UI.")
        }
    }

    private static func stopped(_ outcome: StepOutcome) -> Bool {
        switch outcome {
        case .failed, .blocked: true
        default: false
        }
    }
}
