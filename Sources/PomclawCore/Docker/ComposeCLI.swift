import Foundation

/// The real Docker port: runs `docker` and Docker Compose (`docker compose`, else
/// `docker-compose`) as child processes, Compose in the install directory with its compose
/// file named explicitly.
public struct ComposeCLI: DockerRunning {
    /// Told about every finished call: the command as a user would type it, its exit status
    /// (nil when it could not start or was cancelled) and how long it took. Never stdin.
    public typealias Observer = @Sendable (_ command: String, _ status: Int32?, _ duration: Duration) -> Void

    /// The compose files pomclaw looks for, in order: its own, then the one an install made by
    /// the original installer has.
    public static let composeFiles = ["compose.yaml", "docker-compose.yml"]

    public let directory: InstallDirectory
    /// The environment children get: this process's, without the settings pomclaw manages
    /// (tokens above all), so Compose reads them from `.env` alone and no secret reaches a
    /// child's environment.
    public let childEnvironment: [String: String]
    private let processes: any ProcessRunning
    private let search: ExecutableSearch
    private let exists: @Sendable (String) -> Bool
    private let observer: Observer?
    private let composeFound: (@Sendable (_ standalone: Bool) -> Void)?
    private let compose = ComposeDetection()

    /// The adaptor for `directory`; `environment` is this process's (it is filtered here).
    /// `composeFound` hears once which Compose was found: the standalone `docker-compose`
    /// (true) or the plugin.
    public init(
        directory: InstallDirectory, environment: [String: String], observer: Observer? = nil,
        composeFound: (@Sendable (_ standalone: Bool) -> Void)? = nil
    ) {
        self.init(
            directory: directory, environment: environment, processes: SpawnProcessRunner(), observer: observer,
            composeFound: composeFound)
    }

    /// The adaptor with its collaborators given: how children run, how PATH is searched and
    /// which paths exist (the compose file, the install directory).
    public init(
        directory: InstallDirectory, environment: [String: String], processes: any ProcessRunning,
        search: ExecutableSearch = ExecutableSearch(),
        exists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) },
        observer: Observer? = nil, composeFound: (@Sendable (_ standalone: Bool) -> Void)? = nil
    ) {
        self.composeFound = composeFound
        self.directory = directory
        self.childEnvironment = Self.childEnvironment(environment)
        self.processes = processes
        self.search = search
        self.exists = exists
        self.observer = observer
    }

    /// `environment` without any variable pomclaw manages (`InputKey`). Compose interpolates
    /// from the environment before `.env`, so a stale exported value would override what
    /// pomclaw wrote; and the tokens must not reach a child.
    public static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        let managed = Set(InputKey.allCases.map(\.variable))
        return environment.filter { !managed.contains($0.key) }
    }

    /// The compose file Compose is given: the first of `composeFiles` present, else the first.
    public var composeFile: String {
        let present = Self.composeFiles.first { exists(directory.file($0)) }
        return directory.file(present ?? Self.composeFiles[0])
    }

    /// The full argv `command` runs as, `argv[0]` an absolute path: Compose as found so far
    /// (the plugin until a call shows it missing).
    public func argv(for command: DockerCommand) async throws -> [String] {
        let docker = try dockerPath()
        switch command.tool {
        case .docker:
            return [docker] + command.arguments
        case .compose:
            return try composeArgv(compose.current?.prefix ?? [docker, "compose"], command)
        }
    }

    private func dockerPath() throws -> String {
        guard let docker = search.find("docker", path: childEnvironment["PATH"]) else {
            throw DockerError.unavailable(
                "Docker was not found: there is no `docker` on PATH (\(childEnvironment["PATH"] ?? ExecutableSearch.defaultPath)).")
        }
        return docker
    }

    private func composeArgv(_ prefix: [String], _ command: DockerCommand) throws -> [String] {
        if case .unavailable(let message)? = compose.current { throw DockerError.unavailable(message) }
        return prefix + ["--project-directory", directory.path, "-f", composeFile] + command.arguments
    }

    /// Runs `command`. Compose is found without a call of its own: the first compose commands
    /// run through the plugin (`docker compose`); when the Docker CLI answers that `compose` is
    /// not one of its commands, Compose is the standalone `docker-compose` on PATH, and the
    /// command runs again through it (the CLI refused it before doing anything).
    public func run(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)?) async throws -> DockerResult {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let docker = try dockerPath()
            var workingDirectory: String?
            if command.tool == .compose {
                guard exists(directory.path) else {
                    throw PomclawError(
                        "The install directory \(directory.path) does not exist.",
                        next: "Run `pomclaw install` to create it, or pass the right --dir.")
                }
                workingDirectory = directory.path
            }
            let argv = try await argv(for: command)
            let result = try await execute(argv, command, workingDirectory, onLine)
            guard command.tool == .compose, argv.starts(with: [docker, "compose"]) else { return result }
            // It ran through the plugin: the answer tells whether there is one. Calls that
            // overlapped the first answer ran through it too; each that was refused runs again
            // through what was found.
            guard ComposeDetection.pluginMissing(result) else {
                report(compose.settle(.plugin([docker, "compose"])))
                return result
            }
            let found = compose.settle(
                Self.standalone(docker: docker, result: result, search: search, environment: childEnvironment))
            report(found)
            switch found {
            case .standalone(let prefix):
                return try await execute(try composeArgv(prefix, command), command, workingDirectory, onLine)
            case .unavailable(let message):
                throw DockerError.unavailable(message)
            case .plugin:
                return result
            }
        } catch let error as ProcessStartError {
            observer?(command.display, nil, clock.now - started)
            throw DockerError.unavailable("Could not start `\(command.display)`: \(error.description).")
        } catch {
            observer?(command.display, nil, clock.now - started)
            throw error
        }
    }

    private func execute(
        _ argv: [String], _ command: DockerCommand, _ directory: String?, _ onLine: (@Sendable (String) -> Void)?
    ) async throws -> DockerResult {
        let request = ProcessRequest(argv, environment: childEnvironment, directory: directory, input: command.input)
        let result = try await processes.run(request, onLine: onLine)
        observer?(command.display, result.status, result.duration)
        return DockerResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Tells `composeFound`, once, which Compose this is.
    private func report(_ found: ComposeDetection.Found) {
        switch found {
        case .plugin: if compose.firstReport() { composeFound?(false) }
        case .standalone: if compose.firstReport() { composeFound?(true) }
        case .unavailable: break
        }
    }

    /// The standalone `docker-compose` on PATH, or why Compose is unavailable.
    private static func standalone(
        docker: String, result: DockerResult, search: ExecutableSearch, environment: [String: String]
    ) -> ComposeDetection.Found {
        if let standalone = search.find("docker-compose", path: environment["PATH"]) { return .standalone([standalone]) }
        let said = result.stderr.split(separator: "\n").first.map { " (it answered `\($0)`)" } ?? ""
        return .unavailable(
            "Docker Compose was not found: `docker compose` is not a command of this Docker CLI\(said), and there is "
                + "no `docker-compose` on PATH. Install the Compose plugin (Debian/Ubuntu: sudo apt-get install "
                + "docker-compose-plugin, or sudo apt-get install docker-compose).")
    }
}
