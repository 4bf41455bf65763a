import ArgumentParser
import Foundation
import PomclawCore

/// Options every pomclaw command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The install directory.", valueName: "path"))
    var dir: String = "."

    @Flag(name: [.customShort("y"), .long], help: "Accept confirmations without asking.")
    var yes = false

    @Flag(name: .long, help: "Never prompt; fail with a message naming anything missing.")
    var nonInteractive = false

    @Flag(name: .long, help: "Plain output without colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: [.customShort("v"), .long], help: "Also log every Pomerium Zero API call (method, path, status; never a token or body).")
    var verbose = false

    var installDirectory: InstallDirectory { InstallDirectory(dir) }
}

extension GlobalOptions {
    /// The Docker adaptor for the install directory; each call is a detail (in the run log, on
    /// screen with `--verbose`): its command line, status and duration (never its stdin).
    func docker(console: TerminalConsole, environment: [String: String]) -> ComposeCLI {
        let spelling = console.spelling
        return ComposeCLI(
            directory: installDirectory, environment: environment,
            observer: Self.dockerLogger(console), composeFound: { spelling.composeFound(standalone: $0) })
    }

    private static func dockerLogger(_ console: any Console) -> ComposeCLI.Observer {
        { (command: String, status: Int32?, duration: Duration) in
            let outcome = status.map { String($0) } ?? "not run"
            let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
            console.detail("docker: \(command) → \(outcome) in \(milliseconds) ms")
        }
    }
}

extension GlobalOptions {
    /// What every command's `run` shares: the interrupt handler, the environment and a console
    /// (never prompting when `nonInteractive`, else as `--non-interactive` says); an error the
    /// body throws, other than an exit code, is shown with its next action and exits 1.
    func runReportingErrors(
        nonInteractive: Bool? = nil, _ body: (TerminalConsole, [String: String]) async throws -> Void
    ) async throws {
        InterruptHandler.install()
        let environment = ProcessInfo.processInfo.environment
        let spelling = CommandSpelling(pomclaw: CommandSpelling.pomclawCommand(
            executable: CommandLine.arguments.first ?? "pomclaw", directory: installDirectory, path: environment["PATH"]))
        let console = TerminalConsole(
            nonInteractive: nonInteractive ?? self.nonInteractive, noColor: noColor, environment: environment,
            verbose: verbose, spelling: spelling)
        do {
            try await body(console, environment)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            console.error(error.userMessage)
            throw ExitCode.failure
        }
    }
}
