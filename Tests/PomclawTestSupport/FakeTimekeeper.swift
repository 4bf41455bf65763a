import Foundation
import PomclawCore
import Synchronization

/// A clock that never waits: `sleep` records the duration and advances `now` by it.
public final class FakeTimekeeper: Timekeeper, Sendable {
    private let state: Mutex<(now: Date, sleeps: [Double])>

    public init(now: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        state = Mutex((now, []))
    }

    public var now: Date { state.withLock { $0.now } }

    /// Every duration passed to `sleep`, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }

    /// Moves the clock forward without a sleep being recorded.
    public func advance(seconds: Double) {
        state.withLock { $0.now.addTimeInterval(seconds) }
    }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now.addTimeInterval(seconds)
        }
        // A real sleep lets other tasks run; so does this one, though no time passes.
        await Task.yield()
    }
}
