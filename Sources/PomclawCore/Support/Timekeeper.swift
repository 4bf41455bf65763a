import Foundation

/// The clock and sleeper port: everything that waits or reads the time goes through it, so
/// tests can run retries and token expiry without real waiting.
public protocol Timekeeper: Sendable {
    /// The current wall-clock time.
    var now: Date { get }
    /// Suspends for `seconds` (fractional allowed). Throws `CancellationError` when cancelled.
    func sleep(seconds: Double) async throws
}

/// The real clock.
public struct SystemTimekeeper: Timekeeper {
    public init() {}
    public var now: Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
    }
}
