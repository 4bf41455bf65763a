import Foundation

/// Finds how to run Docker Compose, once: the plugin (`docker compose`) when
/// `docker compose version` succeeds, else a standalone `docker-compose` on PATH when
/// `docker-compose version` succeeds. The answer (or the failure) is kept; callers that ask
/// while it is being found wait for the same answer.
final class ComposeDetection: @unchecked Sendable {
    private let lock = NSLock()
    private var detection: Task<[String], any Error>?

    /// The argv prefix that runs Compose (e.g. `["/usr/bin/docker", "compose"]`), found by
    /// `detect` on the first call.
    func prefix(_ detect: @escaping @Sendable () async throws -> [String]) async throws -> [String] {
        let task: Task<[String], any Error> = lock.withLock {
            if let detection { return detection }
            let task = Task { try await detect() }
            detection = task
            return task
        }
        return try await task.value
    }

    /// Runs the probes with `run` (argv → status and output).
    static func detect(
        docker: String, findStandalone: () -> String?,
        run: @Sendable ([String]) async throws -> ProcessResult
    ) async throws -> [String] {
        let plugin = try await run([docker, "compose", "version"])
        if plugin.status == 0 { return [docker, "compose"] }
        let pluginFailure = "`docker compose version` exited with status \(plugin.status)"
            + Self.detail(plugin)
        guard let standalone = findStandalone() else {
            throw DockerError.unavailable(
                "Docker Compose was not found: \(pluginFailure), and there is no `docker-compose` on PATH. "
                    + "Install the Compose plugin (Debian/Ubuntu: sudo apt-get install docker-compose-plugin, "
                    + "or sudo apt-get install docker-compose).")
        }
        let legacy = try await run([standalone, "version"])
        if legacy.status == 0 { return [standalone] }
        throw DockerError.unavailable(
            "Docker Compose does not work: \(pluginFailure), and `\(standalone) version` exited with status "
                + "\(legacy.status)\(Self.detail(legacy)). Install the Compose plugin (Debian/Ubuntu: "
                + "sudo apt-get install docker-compose-plugin, or sudo apt-get install docker-compose).")
    }

    /// The first line of what a failed probe said (the reason; later lines are hints), for
    /// the message.
    private static func detail(_ result: ProcessResult) -> String {
        let tail = DockerResult(status: result.status, stdout: result.stdout, stderr: result.stderr).tail(3)
        return tail.first.map { " (\($0))" } ?? ""
    }
}
