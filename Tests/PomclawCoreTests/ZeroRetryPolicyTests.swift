import Foundation
import Testing

@testable import PomclawCore

@Suite struct ZeroRetryPolicyTests {
    @Test func backoffDoublesUpToTheCap() {
        let policy = ZeroRetryPolicy.standard
        #expect(policy.maxAttempts == 5)
        #expect((1...8).map(policy.backoff(beforeRetry:)) == [0.5, 1, 2, 4, 8, 8, 8, 8])
    }

    @Test func delaysStayInsideTheJitterRangeAndTheCap() {
        let policy = ZeroRetryPolicy.standard
        let wild: (ClosedRange<Double>) -> Double = { $0.upperBound * 10 }
        #expect(policy.delay(beforeRetry: 5, retryAfter: nil, jitter: wild) == 8)
        #expect(policy.delay(beforeRetry: 5, retryAfter: nil, jitter: { _ in -1 }) == 4)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 30, jitter: { $0.upperBound }) == 30)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 90, jitter: { $0.upperBound }) == 60)
        #expect(policy.delay(beforeRetry: 3, retryAfter: 0, jitter: { $0.lowerBound }) == 1)
    }

    @Test func retryAfterReadsSecondsAndAllThreeDateForms() {
        let now = Date(timeIntervalSince1970: 784_111_770)  // Sun, 06 Nov 1994 08:49:30 GMT
        #expect(ZeroRetryAfter.seconds("120", now: now) == 120)
        #expect(ZeroRetryAfter.seconds(" 1.5 ", now: now) == 1.5)
        #expect(ZeroRetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 7)
        #expect(ZeroRetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 7)
        #expect(ZeroRetryAfter.seconds("Sun Nov  6 08:49:37 1994", now: now) == 7)
        #expect(ZeroRetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
        #expect(ZeroRetryAfter.seconds("-3", now: now) == 0)
        #expect(ZeroRetryAfter.seconds("soon", now: now) == nil)
        #expect(ZeroRetryAfter.seconds("inf", now: now) == nil)
        #expect(ZeroRetryAfter.seconds(nil, now: now) == nil)
    }
}
