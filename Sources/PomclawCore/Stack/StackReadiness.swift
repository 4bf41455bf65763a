/// Waits, after `compose up`, until services run and (when the gateway is among them) the
/// gateway is ready on the stack network (`GatewayReadiness`), which means its entrypoint has
/// finished and it serves where Pomerium reaches it.
///
/// Each poll is one `docker inspect` of the known container ids plus, once everything runs,
/// the gateway probe. A container that is restarting, has stopped, or whose restart count rose
/// since the first poll is dead for this run: the wait fails at once with its last log lines
/// rather than running out the clock.
public struct StackReadiness: Sendable {
    /// The services that must run.
    public var services: [String]
    /// Seconds between polls. One second: a poll costs two short Docker calls, and a gateway
    /// that is ready is noticed within a second.
    public var pollInterval: Double
    /// Seconds before giving up on a service that runs but never gets ready. Ninety: the
    /// entrypoint's config writes and the gateway's start take well under a minute on a small
    /// VPS, with room for a slow first start; a crash is caught within a poll or two anyway,
    /// so a generous limit costs nothing when something is broken.
    public var timeout: Double
    /// Seconds between "still waiting" lines.
    public var reportInterval: Double

    public init(services: [String], pollInterval: Double = 1, timeout: Double = 90, reportInterval: Double = 10) {
        self.services = services
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.reportInterval = reportInterval
    }

    /// Polls until ready and returns the containers as last seen; throws a `PomclawError` with
    /// the log tail when a service is dead or the time is up.
    public func wait(_ context: Context) async throws -> StackContainers {
        let docker = context.docker
        let clock = context.time
        let start = clock.now
        let probesGateway = services.contains(StackNames.gateway)
        var ids: [String]?
        var baselineRestarts: [String: Int] = [:]
        var nextReport = reportInterval
        while true {
            let containers =
                if let ids { try await StackContainers.inspect(ids, docker) } else { try await StackContainers.read(docker) }
            let present = services.compactMap { containers[$0] }
            if ids == nil, present.count == services.count { ids = present.map(\.id) }
            for service in services {
                guard let container = containers[service] else { continue }
                let baseline = baselineRestarts[container.id, default: container.restartCount]
                baselineRestarts[container.id] = baseline
                if let trouble = ContainerTrouble.of(container, baselineRestarts: baseline) {
                    let logs = await StackFailure.logTail(service, docker)
                    throw StackFailure.crashed(service, trouble, logs: logs, settings: context.settings)
                }
            }
            let notRunning = services.filter { containers[$0]?.running != true }
            var readiness: GatewayReadiness?
            if notRunning.isEmpty {
                guard probesGateway else { return containers }
                readiness = GatewayReadiness(try await docker.run(.gatewayProbe))
                if readiness?.isReady == true { return containers }
            }
            let elapsed = clock.now.timeIntervalSince(start)
            let waitingFor =
                notRunning.isEmpty
                ? "\(StackNames.gateway) to answer on port \(StackNames.gatewayPort)"
                : notRunning.joined(separator: " and ") + " to start"
            if elapsed >= timeout {
                let service = notRunning.first ?? StackNames.gateway
                let logs = await StackFailure.logTail(service, docker)
                let what =
                    notRunning.isEmpty
                    ? "\(StackNames.gateway) runs but was not ready on port \(StackNames.gatewayPort) "
                        + "(last probe: \(readiness?.summary ?? "none"))"
                    : notRunning.joined(separator: " and ") + " did not start"
                throw StackFailure.timedOut(what, seconds: Int(timeout), service: service, logs: logs)
            }
            if elapsed >= nextReport {
                context.console.info("still waiting for \(waitingFor) (\(Int(elapsed))s of \(Int(timeout))s)")
                while nextReport <= elapsed { nextReport += reportInterval }
            }
            try await clock.sleep(seconds: pollInterval)
        }
    }
}
