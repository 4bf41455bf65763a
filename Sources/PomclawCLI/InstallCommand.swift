import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw install`: the whole install, idempotently.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install or converge OpenClaw behind Pomerium Zero (the default command).",
        discussion: """
            Asks for what it is missing (tokens without echo), then runs each step: it checks \
            first and changes only what is missing or has drifted. Re-running is always safe.

            Examples:
              pomclaw install
              pomclaw install --dry-run
              pomclaw install --dir ~/openclaw --operator-email me@example.com \\
                --zero-token-file ~/zero.token --api-token-file ~/api.token
              POMERIUM_ZERO_API_TOKEN=… pomclaw install --non-interactive --yes

            Exit codes: 0 done or nothing to do, 1 error, 2 --dry-run found changes, \
            64 usage, 130 interrupted.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var inputs: InputOptions

    @Flag(name: .long, help: "Only check: print the plan, change nothing. Exit 0 when nothing would change, 2 when something would.")
    var dryRun = false

    @Flag(name: .long, help: "At the end, remove POMERIUM_ZERO_API_TOKEN from .env without asking.")
    var scrubToken = false

    @Flag(name: .long, help: "At the end, keep POMERIUM_ZERO_API_TOKEN in .env without asking.")
    var keepToken = false

    func validate() throws {
        if scrubToken && keepToken {
            throw ValidationError("--scrub-token and --keep-token exclude each other; pass one of them.")
        }
    }

    func run() async throws {
        // Everything shown goes to the run log; it is written to a file once the run holds the
        // lock (a dry run, or a run that stops before changing anything, leaves no file).
        try await global.runLogged("install", logging: !dryRun) { console, environment, log in
            let code = try await install(console: console, environment: environment, log: log)
            throw ExitCode(code)
        }
    }

    private func install(console: TerminalConsole, environment: [String: String], log: CommandLog) async throws -> Int32 {
        let directory = global.installDirectory
        if !dryRun { try directory.confirmUnrelatedContents(console: console, assumeYes: global.yes) }
        let options = RunOptions(assumeYes: global.yes, nonInteractive: global.nonInteractive, dryRun: dryRun)
        let time = SystemTimekeeper()
        let baseURL = try ZeroClient.baseURL(environment: environment)
        let transport = CurlTransport(version: PomclawVersion.current)
        let session = ZeroConnection(baseURL: baseURL, transport: transport, time: time, console: console)

        let dotenv = try DotEnvFile.read(from: directory.envFile)
        // Said once per run, here where .env is first read (the .env step re-reads it to check).
        let sources = try InputSources(
            flags: inputs.flags, files: inputs.files, environment: environment, envFile: dotenv, console: console)
        // Every secret value this run can know of is kept out of the run log.
        for key in InputKey.allCases where key.isSecret {
            for value in [inputs.flags[key], dotenv.values[key.variable], dotenv.writtenValues[key.variable]].compactMap({ $0 }) {
                log.file.redact(value)
            }
        }
        let resolver = InputResolver(sources: sources, console: console, chooseCluster: session.chooseCluster)
        let resolved = try await resolver.resolve()
        let settings = resolved.settings
        log.redact(settings)

        let context = Context(
            directory: directory, settings: settings, options: options, console: console,
            keys: OpenSSLKeyGenerator(), zero: session.client(for: settings.apiToken),
            docker: global.docker(console: console, environment: environment), time: time,
            knownCluster: session.chosenCluster)
        // Another run changing this install is refused before this one reads anything.
        if !dryRun { try RunLock.refuseIfHeld(directory) }
        // Where pomclaw's stack exists, its reads (containers, configuration hashes, the
        // gateway's readiness and config) start now, beside the cluster lookup and the Zero
        // reads: none of them waits for the local steps. (On a first install there is nothing
        // to read yet: the plan starts them once the stack files are written.)
        if FileManager.default.fileExists(atPath: directory.file("compose.yaml")) {
            await context.stack.prefetch(context.docker, openclawVersion: settings.openclawVersion)
        }
        // Find the cluster before changing anything: a wrong domain must not reach .env. This
        // also starts reading its settings, policies and routes while the local steps run.
        _ = try await context.zeroSession.cluster()
        // One run at a time changes an install (taken only now: until here nothing is
        // written, not even the lock file); a dry run only looks.
        let lock = dryRun ? nil : try RunLock.acquire(directory, command: "install")
        defer { withExtendedLifetime(lock) {} }
        if !dryRun { log.open() }
        let legacy = dryRun ? nil : LegacyAdoption.survey(directory)
        let report = await Runner(stages: InstallPlan.stages).run(context)
        if dryRun {
            ReportPrinter.plan(report).forEach(console.output)
            return report.exitCode
        }
        // The run log's path follows a failure's report (`runLogged`).
        guard !report.failed else { return report.exitCode }
        if try directory.writeGitIgnoreIfAbsent() { console.info("Wrote .gitignore: .env, keys/, .pomclaw/ and openclaw-data/ stay out of git.") }
        if let legacy { console.success(legacy.summary(report, settings: settings)) }
        let choice: TokenScrub.Choice = scrubToken ? .scrub : keepToken ? .keep : .ask
        let scrub = try TokenScrub.offer(envFile: directory.envFile, choice: choice, console: console)
        let sshPort = StackPorts.ssh(directory)
        let note = scrub == .absent && resolved.origins[.apiToken] != .dotenv ? ReportPrinter.apiTokenNotSaved : nil
        console.display("")
        console.display(ReportPrinter.closing(
            report, settings: settings, sshPort: sshPort, directory: directory.path,
            apiTokenNote: note))
        return report.exitCode
    }
}
