import Foundation
import ZeroSimulator

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000.123456)) {
        current = start
    }

    /// The current instant.
    var now: Date { lock.withLock { current } }

    /// Moves the clock forward.
    func advance(_ seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
