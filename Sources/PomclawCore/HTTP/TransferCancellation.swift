import CCurl
import Foundation

/// Lets a Swift task cancel a transfer that runs, blocked in `curl_multi_poll`, on another thread.
///
/// The transfer thread attaches its multi handle while it polls; `cancel()` sets a flag and, if
/// a handle is attached, wakes the poll with `curl_multi_wakeup` (thread-safe in libcurl). The
/// lock guarantees a wake-up never reaches a handle that is being cleaned up.
final class TransferCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var multi: UnsafeMutableRawPointer?

    /// Whether `cancel()` has been called.
    var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    /// Requests cancellation; the transfer thread notices at once if it is polling.
    func cancel() {
        lock.withLock {
            cancelled = true
            if let multi { _ = curl_multi_wakeup(multi) }
        }
    }

    /// Makes `multi` the handle `cancel()` wakes. Called by the transfer thread only.
    func attach(_ multi: UnsafeMutableRawPointer) {
        lock.withLock { self.multi = multi }
    }

    /// Forgets the attached handle; call before cleaning it up.
    func detach() {
        lock.withLock { multi = nil }
    }
}
