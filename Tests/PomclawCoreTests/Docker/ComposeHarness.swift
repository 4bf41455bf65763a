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

    /// `files` are the names present in the install directory (the directory itself exists).
    /// `answer` answers every request that is not a version probe.
    init(
        _ flavor: Flavor, files: Set<String> = ["compose.yaml"], environment: [String: String] = ["PATH": path],
        dockerInstalled: Bool = true, observer: ComposeCLI.Observer? = nil,
        answer: @escaping @Sendable (ProcessRequest) async throws -> ProcessResult? = { _ in ProcessResult() }
    ) {
        let docker = Self.docker
        let standalone = Self.standalone
        processes = FakeProcesses { request in
            switch request.argv {
            case [docker, "compose", "version"]:
                return flavor == .plugin
                    ? ProcessResult(stdout: "Docker Compose version v2.27.0\n")
                    : ProcessResult(status: 1, stderr: "docker: 'compose' is not a docker command.\nSee 'docker --help'\n")
            case [standalone, "version"]:
                return flavor == .standalone ? ProcessResult(stdout: "docker-compose version 1.29.2\n") : nil
            default:
                return try await answer(request)
            }
        }
        let executables: Set<String> =
            Set(dockerInstalled ? [docker] : []).union(flavor == .standalone ? [standalone] : [])
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

    /// The version probes a flavour's detection makes.
    static func probes(_ flavor: Flavor) -> [[String]] {
        flavor == .plugin ? [[docker, "compose", "version"]] : [[docker, "compose", "version"], [standalone, "version"]]
    }

    /// The requests that were not version probes.
    var commandRequests: [ProcessRequest] {
        processes.requests.filter { !Self.probes(.standalone).contains($0.argv) }
    }
}
