import Foundation

/// The real Docker port: runs `docker` and Docker Compose (`docker compose`, else
/// `docker-compose`) as child processes in the install directory.
public struct ComposeCLI: DockerRunning {
    public let directory: InstallDirectory
    /// The environment children get: this process's, without the settings pomclaw manages
    /// (tokens above all), so Compose reads them from `.env` alone and no secret reaches a
    /// child's environment.
    public let childEnvironment: [String: String]

    public init(directory: InstallDirectory, environment: [String: String]) {
        self.directory = directory
        self.childEnvironment = environment
    }

    public func run(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)?) async throws -> DockerResult {
        throw DockerError.unavailable("the Docker adaptor is not built yet")
    }
}
