import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A stateful, in-memory double of the Pomerium Zero management API (`/api/v0`) served over
/// HTTP on 127.0.0.1, following zero-api.md §11 as corrected by zero-api-audit.md. Every
/// behaviour names its source beside the code; where the real answer is not settled, the
/// answers are knobs (`Knobs`), grouped into the `friendly`, `observed` and `strict` profiles.
///
/// Seed it, start it, point the client at ``baseURL``, then inspect ``requests`` and the state.
/// All methods are thread-safe; each HTTP request is applied atomically.
public final class ZeroSimulator: Sendable {
    let core: SimCore
    private let server = LockedBox<ServerHandle?>(nil)

    private struct ServerHandle {
        var task: Task<Void, Never>
        var group: ServiceGroup
        var port: Int
    }

    /// A simulator with `knobs` (the documented answers unless given; tests use `.observed`)
    /// and a clock (`Date()` unless a test injects one).
    public init(knobs: Knobs = Knobs(), clock: @escaping @Sendable () -> Date = { Date() }) {
        core = SimCore(knobs: knobs, clock: clock)
    }

    deinit {
        server.withLock { $0?.task.cancel() }
    }

    /// The behaviour switches; may be changed while running.
    public var knobs: Knobs {
        get { core.state.withLock { $0.knobs } }
        set { core.state.withLock { $0.knobs = newValue } }
    }

    /// The port while running, else `nil`.
    public var port: Int? { server.withLock { $0?.port } }

    /// `http://127.0.0.1:PORT/api/v0` while running, else `nil`.
    public var baseURL: URL? { port.flatMap { URL(string: "http://127.0.0.1:\($0)\(SimAPI.prefix)") } }

    /// Starts serving on 127.0.0.1 (`port` 0 picks a free port) and returns the base URL,
    /// `http://127.0.0.1:PORT/api/v0`.
    @discardableResult
    public func start(port: Int = 0) async throws -> URL {
        guard self.port == nil else { throw ZeroSimulatorError.alreadyRunning }
        var logger = Logger(label: "zero-sim")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: SimResponder(core: core),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let failure = LockedBox<String?>(nil)
        // Stopped by a graceful shutdown, never by cancelling the task: a cancelled server can
        // drop a connection it accepted but had not served yet, which NIO treats as a fatal error.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = String(describing: error) }
            }
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            await group.triggerGracefulShutdown()
            await task.value
            throw ZeroSimulatorError.startFailed(failure.withLock { $0 } ?? "no port was bound")
        }
        server.withLock { $0 = ServerHandle(task: task, group: group, port: bound) }
        return URL(string: "http://127.0.0.1:\(bound)\(SimAPI.prefix)")!
    }

    /// Stops serving and waits for the server to shut down; state is kept.
    public func stop() async {
        guard let handle = server.withLock({ current -> ServerHandle? in
            defer { current = nil }
            return current
        }) else { return }
        await handle.group.triggerGracefulShutdown()
        await handle.task.value
    }
}
