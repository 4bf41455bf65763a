/// Errors of the simulator's Swift API.
public enum ZeroSimulatorError: Error, Equatable, CustomStringConvertible {
    /// The server could not start (for example the port is taken).
    case startFailed(String)
    /// The server is already running.
    case alreadyRunning
    /// An in-process edit was refused with this status and message, exactly as the API would.
    case rejected(status: Int, message: String)
    /// A fixture could not be read.
    case invalidFixture(String)
    /// An organization or cluster named in a call does not exist.
    case unknown(String)

    /// A readable description.
    public var description: String {
        switch self {
        case .startFailed(let reason): "simulator failed to start: \(reason)"
        case .alreadyRunning: "simulator is already running"
        case .rejected(let status, let message): "rejected with \(status): \(message)"
        case .invalidFixture(let reason): "invalid fixture: \(reason)"
        case .unknown(let what): "unknown \(what)"
        }
    }
}
