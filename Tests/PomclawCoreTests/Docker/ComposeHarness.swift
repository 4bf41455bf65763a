import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// A ComposeCLI over fake processes and a fake file system: `docker` in /usr/bin, and
/// `docker-compose` in /usr/local/bin when the flavour has it.
struct ComposeHarness {
    enum Flavor: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// The Compose plugin works.
        case plugin
        /// No plugin; a standalone docker-compose works.
        case standalone
        /// Neither.
        case none

        var testDescription: String { rawValue }
    }

    static let directory = InstallDirectory("/srv/open claw")
    static let docker = "/usr/bin/docker"
    static let standalone = "/usr/local/bin/docker-compose"
    static let path = "/usr/local/bin:/usr/bin:/bin"

    let cli: ComposeCLI
    let processes: FakeProcesses
    let flavor: Flavor

    /// `files` are the names present in the install directory (the directory itself exists).
    /// `answer` answers every request that is not a version probe.
    init(
        _ flavor: Flavor, files: Set<String> = ["compose.yaml"], environment: [String: String] = ["PATH": path],
        dockerInstalled: Bool = true, observer: ComposeCLI.Observer? = nil,
        beforeRefusal: @escaping @Sendable () async -> Void = {},
        answer: @escaping @Sendable (ProcessRequest) async throws -> ProcessResult? = { _ in ProcessResult() }
    ) {
        self.flavor = flavor
        let docker = Self.docker
        processes = FakeProcesses { request in
            // A Docker CLI without the plugin refuses `compose` before running anything: with
            // pomclaw's flags first, it takes them for its own (observed on Docker CLI 20.10.24
            // and 28.2.2 with the plugin removed; see ComposeDetection.pluginMissing).
            if flavor != .plugin, request.argv.starts(with: [docker, "compose"]) {
                await beforeRefusal()
                return ProcessResult(
                    status: 125, stderr: "unknown flag: --project-directory\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n")
            }
            return try await answer(request)
        }
        let executables: Set<String> =
            Set(dockerInstalled ? [docker] : []).union(flavor == .standalone ? [Self.standalone] : [])
        let present = Set(files.map { Self.directory.file($0) } + [Self.directory.path])
        cli = ComposeCLI(
            directory: Self.directory, environment: environment, processes: processes,
            search: ExecutableSearch { executables.contains($0) }, exists: { present.contains($0) },
            observer: observer)
    }

    /// The argv prefix of every compose command for `flavor`, with `file` as the compose file.
    static func composePrefix(_ flavor: Flavor, file: String = "compose.yaml") -> [String] {
        let tool = flavor == .plugin ? [docker, "compose"] : [standalone]
        return tool + ["--project-directory", directory.path, "-f", directory.file(file)]
    }

    /// The calls a flavour's first compose command costs beyond itself: without the plugin,
    /// the attempt through it that the Docker CLI refuses.
    static func refusedAttempts(_ flavor: Flavor) -> Int { flavor == .plugin ? 0 : 1 }

    /// The requests that ran (not the attempts the Docker CLI refused).
    var commandRequests: [ProcessRequest] {
        processes.requests.filter { flavor == .plugin || !$0.argv.starts(with: [Self.docker, "compose"]) }
    }
}
