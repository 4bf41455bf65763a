import Foundation
import PomclawCore
import Synchronization
import Testing

/// A Docker port that answers from a handler and records every command, in order.
///
/// The handler returns the result for a command, or nil when the test did not expect it: the
/// fake then records a test issue and throws `UnstubbedCall`, so an unexpected Docker call
/// fails the test. The default fake expects nothing.
public final class FakeDocker: DockerRunning, Sendable {
    public typealias Handler = @Sendable (DockerCommand) throws -> DockerResult?

    private let handler: Handler
    private let recorded = Mutex<[DockerCommand]>([])
    /// Lines passed to `onLine` for a command, keyed by the first argument (e.g. "build").
    private let progress: [String: [String]]

    public init(progress: [String: [String]] = [:], _ handler: @escaping Handler = { _ in nil }) {
        self.handler = handler
        self.progress = progress
    }

    /// Every command run so far, in order.
    public var commands: [DockerCommand] { recorded.withLock { $0 } }

    /// The argv (after the tool) of every command run so far.
    public var argvs: [[String]] { commands.map(\.arguments) }

    /// How many OpenClaw CLI invocations were made (`exec … openclaw …`).
    public var openclawInvocations: Int {
        commands.filter { $0.arguments.first == "exec" && $0.arguments.contains("openclaw") }.count
    }

    public func run(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)?) async throws -> DockerResult {
        try Task.checkCancellation()
        recorded.withLock { $0.append(command) }
        guard let result = try handler(command) else {
            Issue.record("unexpected docker call: \(command.display)")
            throw UnstubbedCall(name: command.display)
        }
        if let onLine, let first = command.arguments.first {
            progress[first, default: []].forEach(onLine)
        }
        return result
    }
}
