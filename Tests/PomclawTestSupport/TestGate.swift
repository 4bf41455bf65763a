import Synchronization

/// A gate that suspends tasks until it is opened; waiting on an open gate returns at once.
/// For tests that must hold a fake's answer back until other tasks have caught up.
public final class TestGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>], count: Int)>(
        (false, [], 0))

    public init() {}

    /// How many times `wait` was called.
    public var arrivals: Int { state.withLock { $0.count } }

    /// Suspends until `open` is called (or returns at once if it was).
    public func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.count += 1
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Opens the gate and lets every waiter go.
    public func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
