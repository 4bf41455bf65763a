import Foundation

/// What the gateway probe (`DockerCommand.gatewayProbe`) saw.
public enum GatewayReadiness: Sendable, Equatable {
    /// `/readyz` answered 200 on the stack network. `uptime` (seconds) comes from the
    /// local-direct answer when the gateway gives it.
    case ready(uptime: Double?)
    /// `/readyz` answered 503: the gateway is starting or draining for a restart.
    case notReady
    /// The gateway answers on 127.0.0.1 but not on the stack network: it listens on loopback
    /// only, so Pomerium cannot reach it.
    case loopbackOnly
    /// Nothing listens on the gateway's port (it is restarting, or has not started).
    case down
    /// The probe itself did not run as expected (e.g. no `curl` in the image).
    case probeFailed(String)

    /// The two URLs the probe asks, in this order.
    static let urls = [
        "http://127.0.0.1:\(StackNames.gatewayPort)/readyz",
        "http://\(StackNames.gateway):\(StackNames.gatewayPort)/readyz",
    ]

    public var isReady: Bool {
        if case .ready = self { return true }
        return false
    }

    /// Reads the probe's output: for each URL its body (if any), then its status on a line of
    /// its own, in the order asked.
    public init(_ result: DockerResult) {
        var bodies: [[String]] = []
        var statuses: [Int] = []
        var body: [String] = []
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.count == 3, let status = Int(line), line.allSatisfy(\.isASCII) {
                statuses.append(status)
                bodies.append(body)
                body = []
            } else if !line.isEmpty {
                body.append(line)
            }
        }
        guard statuses.count == Self.urls.count else {
            let reason = ANSI.strip(result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
            self = .probeFailed("exit status \(result.status)" + (reason.isEmpty ? "" : ": " + String(reason.prefix(200))))
            return
        }
        let (loopback, network) = (statuses[0], statuses[1])
        switch network {
        case 200: self = .ready(uptime: Self.uptime(bodies[0]))
        case 0: self = loopback == 200 ? .loopbackOnly : (loopback == 0 ? .down : .notReady)
        default: self = .notReady
        }
    }

    /// `uptimeMs` of a `/readyz` answer, in seconds.
    private static func uptime(_ body: [String]) -> Double? {
        guard let value = try? JSONValue.parse(Data(body.joined(separator: "\n").utf8)),
            case .number(let milliseconds)? = value.objectValue?["uptimeMs"]
        else { return nil }
        return milliseconds / 1000
    }
}
