/// Why a container that should be coming up is known not to: waiting longer cannot help.
public enum ContainerTrouble: Sendable, Equatable {
    /// Docker is restarting it under its restart policy (it crashed, and will again).
    case restarting(exitCode: Int)
    /// It is not running and nothing will start it.
    case exited(exitCode: Int)
    /// Docker restarted it this many times since pomclaw started waiting: a crash loop
    /// caught between two restarts.
    case restarted(times: Int)

    /// Judges `container`, given its restart count when pomclaw first saw it after `up`.
    public static func of(_ container: ContainerState, baselineRestarts: Int) -> ContainerTrouble? {
        // Docker reports a restarting container as running too: look at `restarting` first.
        if container.restarting { return .restarting(exitCode: container.exitCode) }
        if !container.running { return .exited(exitCode: container.exitCode) }
        if container.restartCount > baselineRestarts {
            return .restarted(times: container.restartCount - baselineRestarts)
        }
        return nil
    }

    /// The exit status the container reported, when Docker still shows it (a running
    /// container shows 0).
    public var exitCode: Int? {
        switch self {
        case .restarting(let code), .exited(let code): code
        case .restarted: nil
        }
    }

    /// What happened, as the first words of an error, e.g. "openclaw-gateway keeps restarting
    /// (last exit status 78)".
    public func describe(_ service: String) -> String {
        switch self {
        case .restarting(let code): "\(service) keeps restarting (last exit status \(code))"
        case .exited(let code): "\(service) stopped with exit status \(code)"
        case .restarted(let times):
            "\(service) crashed and Docker restarted it \(times) time\(times == 1 ? "" : "s") while pomclaw waited for it"
        }
    }
}
