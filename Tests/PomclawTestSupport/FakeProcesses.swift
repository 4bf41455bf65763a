import Foundation
import PomclawCore
import Synchronization
import Testing

/// A process port that answers from a handler and records every request, in order.
///
/// The handler returns the result for a request, or nil when the test did not expect it: the
/// fake then records a test issue and throws `UnstubbedCall`. The default fake expects nothing.
public final class FakeProcesses: ProcessRunning, Sendable {
    public typealias Handler = @Sendable (ProcessRequest) async throws -> ProcessResult?

    private let handler: Handler
    private let recorded = Mutex<[ProcessRequest]>([])
    /// Lines passed to `onLine` for every request.
    private let lines: [String]

    public init(lines: [String] = [], _ handler: @escaping Handler = { _ in nil }) {
        self.handler = handler
        self.lines = lines
    }

    /// Every request so far, in order.
    public var requests: [ProcessRequest] { recorded.withLock { $0 } }

    /// The argv of every request so far.
    public var argvs: [[String]] { requests.map(\.argv) }

    public func run(_ request: ProcessRequest, onLine: (@Sendable (String) -> Void)?) async throws -> ProcessResult {
        try Task.checkCancellation()
        recorded.withLock { $0.append(request) }
        guard let result = try await handler(request) else {
            Issue.record("unexpected process: \(request)")
            throw UnstubbedCall(name: request.description)
        }
        if let onLine { lines.forEach(onLine) }
        return result
    }
}
