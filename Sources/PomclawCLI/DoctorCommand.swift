import ArgumentParser
import Foundation
import PomclawCore

/// `pomclaw doctor`: what the install depends on, checked, each with the next action.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check what the install depends on: Docker, ports, DNS, the Zero API and token, clock, disk, the stack.",
        discussion: """
            Changes nothing. Checks the Docker engine and Compose versions; that the HTTPS and SSH \
            ports (443 and 2200, or POMCLAW_HTTPS_PORT / POMCLAW_SSH_PORT from .env) are free or \
            held by this stack; that openclaw.<cluster domain> and the cluster domain resolve \
            (and to this host, when it can tell); that the Pomerium Zero API answers and the API \
            token is valid (one token exchange, when a token is at hand); this host's clock \
            against the API's; free disk space for the gateway image; and, once installed, the \
            containers and the gateway's trusted-proxy auth. Each finding is ok, warning, error \
            or skipped, with the next thing to do.

            Examples:
              pomclaw doctor
              pomclaw doctor --api-token-file ~/api.token
              pomclaw doctor --json | jq '.findings[] | select(.severity == "error")'

            Exit codes: 0 no finding is an error (warnings allowed), 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var inputs: InputOptions

    @Flag(name: .long, help: "Print the findings as one JSON document on stdout.")
    var json = false

    func run() async throws {
        try await global.runReportingErrors(nonInteractive: true) { console, environment in
            let command = try await CommandContext.readOnly(global: global, inputs: inputs, console: console, environment: environment)
            var doctorInputs = Doctor.Inputs(clusterDomain: command.available.clusterDomain, apiToken: command.available.apiToken)
            doctorInputs.readPorts(from: try DotEnvFile.read(from: global.installDirectory.envFile).values)
            let probe = ZeroProbe(
                baseURL: try ZeroClient.baseURL(environment: environment), transport: CurlTransport(version: PomclawVersion.current))
            let report = await Doctor(host: SystemHostProbe(), zero: probe).run(command.context, doctorInputs)
            if json {
                console.output(DoctorPrinter.json(report))
            } else {
                if console.coloredOutput {
                    DoctorPrinter.lines(report, colored: true).forEach(console.outputPainted)
                } else {
                    DoctorPrinter.lines(report).forEach(console.output)
                }
            }
            throw ExitCode(report.exitCode)
        }
    }
}
