import PomclawCore
import Testing

extension HTTPTransportError {
    /// The case without its message, for comparisons in tests.
    enum Kind: Equatable {
        case timedOut, connectionFailed, tlsFailed, refused
    }

    var kind: Kind {
        switch self {
        case .timedOut: .timedOut
        case .connectionFailed: .connectionFailed
        case .tlsFailed: .tlsFailed
        case .refused: .refused
        }
    }

    var message: String {
        switch self {
        case .timedOut(let text), .connectionFailed(let text), .tlsFailed(let text), .refused(let text):
            text
        }
    }

    /// The transport error `operation` throws; nil (and a recorded issue) if it returns or
    /// throws something else.
    static func thrown(by operation: () async throws -> HTTPResponse) async -> HTTPTransportError? {
        do {
            let response = try await operation()
            Issue.record("expected a transport error, got HTTP \(response.status)")
        } catch let error as HTTPTransportError {
            return error
        } catch {
            Issue.record("expected a transport error, got \(error)")
        }
        return nil
    }
}
