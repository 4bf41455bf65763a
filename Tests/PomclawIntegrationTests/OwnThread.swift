import Foundation

/// Runs blocking `work` (starting a child process, waiting for its output) on a thread of its
/// own, so it never occupies the Swift concurrency pool that the code under test needs.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
