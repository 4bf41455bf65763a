/// How often and how patiently `ZeroClient` retries a call that failed in a transient way
/// (429, 500, 502, 503, 504, a timeout or a dropped connection).
///
/// The delay before retry *n* (n = 1 after the first failed attempt) is
/// `min(maxDelay, initialDelay · 2^(n-1))`, jittered into its upper half, then raised to the
/// server's `Retry-After` when that is longer, and never more than `retryAfterCap`.
public struct ZeroRetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first one included. At least 1.
    public var maxAttempts: Int
    /// The un-jittered delay before the first retry, in seconds.
    public var initialDelay: Double
    /// The largest un-jittered backoff delay, in seconds.
    public var maxDelay: Double
    /// The longest the client ever waits between attempts, whatever `Retry-After` says.
    public var retryAfterCap: Double

    /// Five attempts, 0.5 s doubling to 8 s, `Retry-After` honoured up to 60 s.
    public static let standard = ZeroRetryPolicy()

    /// Values below their minimum (1 attempt, 0 seconds) are raised to it.
    public init(
        maxAttempts: Int = 5, initialDelay: Double = 0.5, maxDelay: Double = 8,
        retryAfterCap: Double = 60
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = max(0, initialDelay)
        self.maxDelay = max(0, maxDelay)
        self.retryAfterCap = max(0, retryAfterCap)
    }

    /// The un-jittered backoff before retry `retry` (1-based).
    public func backoff(beforeRetry retry: Int) -> Double {
        var delay = initialDelay
        var step = 1
        while step < retry, delay < maxDelay {
            delay *= 2
            step += 1
        }
        return min(maxDelay, delay)
    }

    /// The seconds to wait before retry `retry` (1-based).
    ///
    /// - Parameters:
    ///   - retryAfter: the server's `Retry-After`, already converted to seconds from now.
    ///   - jitter: returns a value inside the range it is given (random in production).
    public func delay(
        beforeRetry retry: Int, retryAfter: Double?,
        jitter: (ClosedRange<Double>) -> Double
    ) -> Double {
        let backoff = backoff(beforeRetry: retry)
        let range = (backoff / 2)...backoff
        let jittered = min(range.upperBound, max(range.lowerBound, jitter(range)))
        let wanted = max(jittered, retryAfter ?? 0)
        return min(retryAfterCap, wanted)
    }
}
