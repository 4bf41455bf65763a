import Foundation

/// The simulator's shared state and clock, used by the HTTP responder and the Swift API.
final class SimCore: Sendable {
    /// All mutable state, behind one lock.
    let state: LockedBox<SimState>
    /// The injectable clock.
    let clock: @Sendable () -> Date

    init(knobs: Knobs, clock: @escaping @Sendable () -> Date) {
        self.state = LockedBox(SimState(knobs: knobs))
        self.clock = clock
    }

    /// Appends a request to the log and returns its index.
    func record(_ request: RecordedRequest) -> Int {
        state.withLock { state in
            state.requests.append(request)
            return state.requests.count - 1
        }
    }

    /// Updates the log entry at `index` (the log may have been cleared meanwhile).
    func update(_ index: Int, _ change: (inout RecordedRequest) -> Void) {
        state.withLock { state in
            guard state.requests.indices.contains(index) else { return }
            change(&state.requests[index])
        }
    }

    /// The actions of every fault rule matching the request, consuming one use of each.
    func takeFaults(method: String, path: String) -> [FaultAction] {
        state.withLock { state in
            var actions: [FaultAction] = []
            for index in state.faults.indices where state.faults[index].matches(method: method, path: path) {
                let probability = state.faults[index].probability
                guard probability >= 1 || Double.random(in: 0..<1) < probability else { continue }
                state.faults[index].remaining -= 1
                actions.append(state.faults[index].action)
            }
            state.faults.removeAll { $0.remaining <= 0 }
            return actions
        }
    }

    /// Runs a request through the API atomically.
    func process(_ request: APIRequest) -> Result<APIResponse, SimError> {
        let now = clock()
        return state.withLock { state in
            do throws(SimError) {
                return .success(try SimAPI.handle(request, state: &state, now: now))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Makes ID token `token` (or every ID token when `nil`) expire now.
    func expire(idToken token: String?) {
        let past = clock().addingTimeInterval(-1)
        state.withLock { state in
            for key in state.idTokens.keys where token == nil || key == token {
                state.idTokens[key]?.expiresAt = past
            }
        }
    }
}
