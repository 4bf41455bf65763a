/// The stack's containers as Docker sees them now, keyed by Compose service name.
public struct StackContainers: Sendable, Equatable {
    public var byService: [String: ContainerState]

    public init(byService: [String: ContainerState]) {
        self.byService = byService
    }

    public subscript(service: String) -> ContainerState? { byService[service] }

    /// Reads them with two calls: `compose ps -a -q`, then one `docker inspect` of every id
    /// (none when the project has no containers).
    public static func read(_ docker: any DockerRunning) async throws -> StackContainers {
        let ids = try await docker.output(.projectContainerIDs)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return try await inspect(ids, docker)
    }

    /// Reads the containers with these ids with one `docker inspect` (none when `ids` is
    /// empty): cheaper than `read` when the ids are already known, as while waiting.
    public static func inspect(_ ids: [String], _ docker: any DockerRunning) async throws -> StackContainers {
        guard !ids.isEmpty else { return StackContainers(byService: [:]) }
        let states = try ContainerState.parse(try await docker.output(.inspect(ids)))
        var byService: [String: ContainerState] = [:]
        for state in states {
            guard let service = state.labels["com.docker.compose.service"] else { continue }
            // Compose may leave an old container beside a new one while recreating: prefer
            // the running one.
            if let existing = byService[service], existing.running, !state.running { continue }
            byService[service] = state
        }
        return StackContainers(byService: byService)
    }

    /// The pomerium container's address on the stack network, or nil when it is not running
    /// or not attached.
    public var pomeriumAddress: String? {
        guard let pomerium = self[StackNames.pomerium], pomerium.running else { return nil }
        return pomerium.stackNetworkAddress
    }
}
