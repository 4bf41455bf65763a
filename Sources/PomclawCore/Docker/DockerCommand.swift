import Foundation

/// One Docker invocation as values: which tool, its argv after the tool's own name, and
/// optional stdin. Every call pomclaw makes to Docker is built by a factory below, so the
/// argv of each is in one place and under test.
///
/// Values from users and APIs are single elements of `arguments` and never pass through a
/// shell. Secrets never go in `arguments` (a child's argv is visible in `ps` and `docker
/// top`): they go in `input`, which the child reads on stdin.
public struct DockerCommand: Sendable, Equatable, CustomStringConvertible {
    /// Which program runs the arguments.
    public enum Tool: Sendable, Equatable {
        /// The `docker` CLI.
        case docker
        /// Docker Compose for the install directory: `docker compose` or `docker-compose`,
        /// as the adaptor detected, with the project's compose file.
        case compose
    }

    public var tool: Tool
    public var arguments: [String]
    /// Bytes written to the child's stdin; nil gives it /dev/null. May hold a secret, so it is
    /// never shown.
    public var input: Secret?
    /// What the user should do when this command fails.
    public var nextAction: String

    public init(_ tool: Tool, _ arguments: [String], input: Secret? = nil, nextAction: String) {
        self.tool = tool
        self.arguments = arguments
        self.input = input
        self.nextAction = nextAction
    }

    /// The command as a user would type it, for messages (arguments quoted where needed).
    public var display: String {
        let prefix = tool == .docker ? "docker" : "docker compose"
        return ([prefix] + arguments.map(Self.quoted)).joined(separator: " ")
    }

    public var description: String { display }

    private static func quoted(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_./:=@,+%{}".unicodeScalars.contains($0)
        }
        if plain, !argument.isEmpty { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The services and user of the compose stack.
public enum StackNames {
    public static let gateway = "openclaw-gateway"
    public static let pomerium = "pomerium"
    public static let verify = "verify"
    /// The unprivileged user OpenClaw runs as inside the gateway container.
    public static let gatewayUser = "claw"
    /// The compose network (`<project>_main` once compose prefixes the project name).
    public static let network = "main"
    /// The port the gateway listens on inside its container.
    public static let gatewayPort = 18789
}

extension DockerCommand {
    private static let logsHint =
        "Run `docker compose logs \(StackNames.gateway)` in the install directory to see why, then re-run pomclaw."

    /// `docker image inspect --format {{.Id}} REF`: exit 0 when the image exists locally.
    public static func imageInspect(_ reference: String) -> DockerCommand {
        DockerCommand(
            .docker, ["image", "inspect", "--format", "{{.Id}}", reference],
            nextAction: "Check that the Docker engine is running (`docker info`), then re-run pomclaw.")
    }

    /// `compose build SERVICE`: builds the service's image, output streamed as progress.
    public static func build(_ service: String) -> DockerCommand {
        DockerCommand(
            .compose, ["build", service],
            nextAction: "Read the build output above (disk space and network access to the npm "
                + "registry are the usual causes), fix it and re-run pomclaw.")
    }

    /// `compose up -d --no-build [SERVICE…]`: creates or recreates and starts services; never
    /// builds (the image step does, with its output shown).
    public static func up(_ services: [String] = []) -> DockerCommand {
        DockerCommand(
            .compose, ["up", "-d", "--no-build"] + services,
            nextAction: "Fix the cause above (a port already in use is common: 443 and 2200 must be free), "
                + "then re-run pomclaw.")
    }

    /// `compose config --hash=SERVICE,…`: one `SERVICE HASH` line per service, the hash
    /// Compose stores in each container's `com.docker.compose.config-hash` label when it
    /// creates it (Compose v1 and v2 print the same form).
    public static func configHashes(_ services: [String]) -> DockerCommand {
        DockerCommand(
            .compose, ["config", "--hash=" + services.joined(separator: ",")],
            nextAction: "Run `docker compose config` in the install directory to see what is wrong with "
                + "compose.yaml or .env, fix it and re-run pomclaw.")
    }

    /// `compose ps -a -q SERVICE`: the id of the service's container, running or not; empty
    /// when it was never created.
    public static func containerID(_ service: String) -> DockerCommand {
        DockerCommand(
            .compose, ["ps", "-a", "-q", service],
            nextAction: "Check that the Docker engine is running (`docker info`), then re-run pomclaw.")
    }

    /// `compose ps -a -q`: the ids of all the project's containers, running or not.
    public static var projectContainerIDs: DockerCommand {
        DockerCommand(
            .compose, ["ps", "-a", "-q"],
            nextAction: "Check that the Docker engine is running (`docker info`), then re-run pomclaw.")
    }

    /// `docker inspect --type container ID…`: a JSON array of container states.
    public static func inspect(_ containerIDs: [String]) -> DockerCommand {
        DockerCommand(
            .docker, ["inspect", "--type", "container"] + containerIDs,
            nextAction: "Check that the Docker engine is running (`docker info`), then re-run pomclaw.")
    }

    /// `compose exec -T -u USER [-e K=V…] SERVICE ARGV…`. Environment values must not be
    /// secrets.
    public static func exec(
        _ service: String, user: String, environment: [(String, String)] = [], _ argv: [String],
        input: Secret? = nil, nextAction: String
    ) -> DockerCommand {
        let variables = environment.flatMap { ["-e", "\($0.0)=\($0.1)"] }
        return DockerCommand(
            .compose, ["exec", "-T", "-u", user] + variables + [service] + argv, input: input,
            nextAction: nextAction)
    }

    /// The OpenClaw CLI in the gateway container, as `claw`, without colors:
    /// `compose exec -T -u claw -e NO_COLOR=1 openclaw-gateway openclaw ARGS…`.
    public static func openclaw(_ arguments: [String], input: Secret? = nil) -> DockerCommand {
        exec(
            StackNames.gateway, user: StackNames.gatewayUser, environment: [("NO_COLOR", "1")],
            ["openclaw"] + arguments, input: input, nextAction: logsHint)
    }

    /// The gateway's readiness, asked inside its container in one call: `/readyz` on
    /// 127.0.0.1 (a local-direct caller, answered with the gateway's uptime) and on the
    /// container's address on the stack network, where Pomerium reaches it (a gateway that
    /// listens on loopback only is not there). `/readyz` needs no auth and answers 503 while
    /// the gateway drains for a restart (openclaw-versions.md §5; docs/install/docker.md
    /// "Health checks"). Each URL's body, then its status on a line of its own (`000` when
    /// refused): see `GatewayReadiness`.
    public static var gatewayProbe: DockerCommand {
        exec(
            StackNames.gateway, user: StackNames.gatewayUser,
            ["curl", "-sS", "--max-time", "3", "-w", "\n%{http_code}\n"] + GatewayReadiness.urls,
            nextAction: logsHint)
    }

    /// `compose stop SERVICE`: stops the service's container, keeping it.
    public static func stop(_ service: String) -> DockerCommand {
        DockerCommand(.compose, ["stop", service], nextAction: logsHint)
    }

    /// `compose restart SERVICE`.
    public static func restart(_ service: String) -> DockerCommand {
        DockerCommand(.compose, ["restart", service], nextAction: logsHint)
    }

    /// `compose down [--volumes]`: stops and removes the stack's containers and network.
    public static func down(volumes: Bool = false) -> DockerCommand {
        DockerCommand(
            .compose, ["down"] + (volumes ? ["--volumes"] : []),
            nextAction: "Check `docker compose ps` in the install directory, then re-run.")
    }

    /// `compose logs --no-color --tail N SERVICE`: the service's last log lines.
    public static func logs(_ service: String, tail: Int) -> DockerCommand {
        DockerCommand(
            .compose, ["logs", "--no-color", "--tail", String(tail), service],
            nextAction: "Check that the Docker engine is running (`docker info`).")
    }
}
