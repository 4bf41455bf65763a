/// What a stack check found for some of the stack's services: read-only, and with as few
/// Docker calls as the answer needs (`compose ps`, one `docker inspect`, one
/// `compose config --hash`, and the gateway probe only when everything else is in order),
/// each shared through the run's `StackSession` with the other stack checks of the run.
public struct StackSurvey: Sendable, Equatable {
    /// One thing that keeps a service from being up and current.
    public enum Finding: Sendable, Equatable {
        /// The service has no container.
        case missing(String)
        /// The container exists but is not running.
        case stopped(String, exitCode: Int)
        /// Docker is restarting the container under its restart policy: it crashed.
        case restarting(String, exitCode: Int)
        /// The container was created from an older `compose.yaml` or `.env`.
        case stale(String)
        /// The gateway runs but does not answer HTTP yet (its entrypoint has not finished).
        case gatewayNotAnswering

        /// The change `apply` makes for it, in words.
        public var change: String {
            switch self {
            case .missing(let service): "create and start \(service)"
            case .stopped(let service, let code): "start \(service) (it stopped with exit status \(code))"
            case .restarting(let service, let code):
                "start \(service) again: it keeps restarting (last exit status \(code))"
            case .stale(let service): "recreate \(service): its configuration changed (.env or compose.yaml)"
            case .gatewayNotAnswering:
                "wait for \(StackNames.gateway) to answer on port \(StackNames.gatewayPort)"
            }
        }
    }

    public var containers: StackContainers
    public var findings: [Finding]

    /// Reads the state of `services`; with `probeGateway`, a gateway that is otherwise in order
    /// must also answer the readiness probe.
    public static func read(_ services: [String], probeGateway: Bool, _ context: Context) async throws -> StackSurvey {
        let docker = context.docker
        let session = context.stack
        let containers = try await session.containers(docker)
        var findings: [Finding] = []
        var existing: [String] = []
        for service in services {
            guard let container = containers[service] else {
                findings.append(.missing(service))
                continue
            }
            existing.append(service)
            if container.restarting {
                findings.append(.restarting(service, exitCode: container.exitCode))
            } else if !container.running {
                findings.append(.stopped(service, exitCode: container.exitCode))
            }
        }
        if !existing.isEmpty {
            let hashes = try await session.configHashes(docker)
            let record = StackConfigRecord.read(context.directory)
            for service in existing {
                guard let container = containers[service], let hash = hashes[service] else { continue }
                if !record.isCurrent(container, service: service, configHash: hash) {
                    findings.append(.stale(service))
                }
            }
        }
        if findings.isEmpty, probeGateway, services.contains(StackNames.gateway) {
            if try await !session.gatewayAnswers(docker) { findings.append(.gatewayNotAnswering) }
        }
        return StackSurvey(containers: containers, findings: findings)
    }
}
