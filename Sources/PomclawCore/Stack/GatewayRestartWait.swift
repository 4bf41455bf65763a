import Foundation

/// After a config write that restarts the running gateway: waits until the restart has
/// happened and the gateway is ready again, so that no probe or RPC after the write meets the
/// closed listener or a draining gateway.
///
/// A `gateway.*` change restarts the gateway in its process, in a container since 2026-04-28:
/// after a 300 ms debounce it drains (`/readyz` 503 from 2026.6.11), closes its WebSockets and
/// its listener for seconds, then serves again on the same PID; the container and `exec` stay
/// up (openclaw-versions.md §4, which corrects openclaw-audit.md #48). So the wait polls the
/// gateway probe until it has seen the restart — the gateway not ready or not listening, or
/// ready with an uptime shorter than the time since the write — and then sees it ready.
public struct GatewayRestartWait: Sendable {
    /// Seconds between probes: short enough not to miss a restart that takes a few seconds.
    public var pollInterval: Double
    /// Seconds before giving up. A restart waits for running agent tasks to drain first (up to
    /// 300 s by default, openclaw-versions.md §4); two minutes covers a gateway that is not
    /// busy with long runs many times over.
    public var timeout: Double
    /// Seconds between "still waiting" lines.
    public var reportInterval: Double

    public init(pollInterval: Double = 0.25, timeout: Double = 120, reportInterval: Double = 10) {
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.reportInterval = reportInterval
    }

    /// Waits for the restart of a write made at `since` (taken just before the write).
    public func wait(since: Date, _ context: Context) async throws {
        let docker = context.docker
        var sawRestart = false
        var nextReport = reportInterval
        var last = GatewayReadiness.down
        while true {
            last = GatewayReadiness(try await docker.run(.gatewayProbe))
            let elapsed = context.time.now.timeIntervalSince(since)
            switch last {
            case .ready(let uptime):
                if sawRestart || (uptime.map { $0 < elapsed } ?? false) { return }
            case .notReady, .down, .loopbackOnly:
                sawRestart = true
            case .probeFailed:
                // `exec` fails while the container is not running: a config the gateway cannot
                // start with ended its process, and Docker is restarting the container.
                try await Self.failIfCrashed(context)
            }
            if elapsed >= timeout {
                let logs = await StackFailure.logTail(StackNames.gateway, docker)
                throw StackFailure.timedOut(
                    "\(StackNames.gateway) did not \(sawRestart ? "become ready again after restarting" : "restart") "
                        + "for its config change (last probe: \(last.summary))",
                    seconds: Int(timeout), service: StackNames.gateway, logs: logs)
            }
            if elapsed >= nextReport {
                context.console.info(
                    "still waiting for \(StackNames.gateway) to restart with its new config (\(Int(elapsed))s of \(Int(timeout))s)")
                while nextReport <= elapsed { nextReport += reportInterval }
            }
            try await context.time.sleep(seconds: pollInterval)
        }
    }

    private static func failIfCrashed(_ context: Context) async throws {
        let containers = try await StackContainers.read(context.docker)
        guard let gateway = containers[StackNames.gateway],
            let trouble = ContainerTrouble.of(gateway, baselineRestarts: gateway.restartCount)
        else { return }
        let logs = await StackFailure.logTail(StackNames.gateway, context.docker)
        throw StackFailure.crashed(StackNames.gateway, trouble, logs: logs, settings: context.settings)
    }
}

extension GatewayReadiness {
    /// The state in a few words, for messages.
    var summary: String {
        switch self {
        case .ready: "ready"
        case .notReady: "/readyz not ready"
        case .loopbackOnly: "listening on 127.0.0.1 only"
        case .down: "not listening"
        case .probeFailed(let reason): "probe failed, \(reason)"
        }
    }
}
