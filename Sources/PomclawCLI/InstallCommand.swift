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

    func run() async throws {
        try await global.runReportingErrors { console, environment in
            let code = try await install(console: console, environment: environment)
            throw ExitCode(code)
        }
    }

    private func install(console: TerminalConsole, environment: [String: String]) async throws -> Int32 {
        let directory = global.installDirectory
        let options = RunOptions(assumeYes: global.yes, nonInteractive: global.nonInteractive, dryRun: dryRun)
        let time = SystemTimekeeper()
        let baseURL = try ZeroClient.baseURL(environment: environment)
        let transport = CurlTransport(version: PomclawVersion.current)
        let session = ZeroConnection(baseURL: baseURL, transport: transport, time: time, console: console, verbose: global.verbose)

        let dotenv = try DotEnvFile.read(from: directory.envFile)
        // Said once per run, here where .env is first read (the .env step re-reads it to check).
        for warning in dotenv.warnings {
            console.warn(".env \(warning.description); the line is kept as it is")
        }
        let sources = InputSources(flags: inputs.flags, files: inputs.files, environment: environment, dotenv: dotenv.values)
        let resolver = InputResolver(sources: sources, console: console, chooseCluster: session.chooseCluster)
        let settings = try await resolver.resolve().settings

        let context = Context(
            directory: directory, settings: settings, options: options, console: console,
            keys: OpenSSLKeyGenerator(), zero: session.client(for: settings.apiToken),
            docker: global.docker(console: console, environment: environment), time: time,
            knownCluster: session.chosenCluster)
        // The image step's read starts now, beside the cluster lookup: on a first install the
        // build then starts as soon as the files it needs are written.
        await context.stack.prefetchImage(ImageStep.reference(settings), context.docker)
        // Find the cluster before changing anything: a wrong domain must not reach .env. This
        // also starts reading its settings, policies and routes while the local steps run.
        _ = try await context.zeroSession.cluster()
        // One run at a time changes an install (taken only now: until here nothing is
        // written, not even the lock file); a dry run only looks.
        let lock = dryRun ? nil : try RunLock.acquire(directory, command: "install")
        defer { withExtendedLifetime(lock) {} }
        let legacy = dryRun ? nil : LegacyAdoption.survey(directory)
        let report = await Runner(stages: InstallPlan.stages).run(context)
        if dryRun {
            ReportPrinter.plan(report).forEach(console.output)
        } else if !report.failed {
            if let legacy { console.success(legacy.summary(report, settings: settings)) }
            let sshPort = (try? DotEnvFile.read(from: directory.envFile).values["POMCLAW_SSH_PORT"]).flatMap { $0 } ?? "2200"
            console.success(ReportPrinter.closing(report, settings: settings, sshPort: sshPort.isEmpty ? "2200" : sshPort))
        }
        return report.exitCode
    }
}
