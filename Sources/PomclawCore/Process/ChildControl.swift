import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The state one running child shares between the task that waits for it (which may cancel),
/// the thread that notices its exit, and the thread that pumps its output.
///
/// Every event (cancellation, exit) writes a byte to a wake-up pipe the pump polls, so the pump
/// never busy-waits. The exit is first observed without reaping (`waitid` with `WNOWAIT`): the
/// pid cannot be reused until the pump reaps it, so a signal sent under the lock while
/// `exited` is false can never reach another process.
final class ChildControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var exited = false
    private var closed = false
    private var pid: pid_t = 0
    /// The pump polls `wakeRead`; events write to `wakeWrite`.
    let wakeRead: Int32
    private let wakeWrite: Int32

    init() throws(ProcessStartError) {
        let wake = try PipePair(program: "", nonBlocking: true)
        wakeRead = wake.read
        wakeWrite = wake.write
    }

    /// Whether the task was cancelled.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Whether the child has exited (it may not be reaped yet).
    var hasExited: Bool { lock.withLock { exited } }

    /// Records the child's pid once it is started.
    func started(_ pid: pid_t) {
        lock.withLock { self.pid = pid }
    }

    /// Requests cancellation: the pump signals the child. Safe from any thread, at any time.
    func cancel() {
        lock.withLock {
            cancelled = true
            wake()
        }
    }

    /// Blocks until the child exits, without reaping it, then records the exit. Runs on a
    /// thread of its own.
    func waitForExit() {
        let pid = lock.withLock { self.pid }
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        lock.withLock {
            exited = true
            wake()
        }
    }

    /// Sends `signal` to the child unless it has already exited.
    func signal(_ signal: Int32) {
        lock.withLock {
            if !exited, pid > 0 { _ = kill(pid, signal) }
        }
    }

    /// Reaps the child (blocking until it exits) and returns its exit status, 128 + the signal
    /// number when a signal killed it.
    func reap() -> Int32 {
        let pid = lock.withLock { self.pid }
        // Out of the interrupt handler's table once it has exited, before the pid can be reused.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        LiveChildren.remove(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Closes the wake-up pipe; later events are ignored.
    func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            PipePair.close(wakeRead, wakeWrite)
        }
    }

    /// Drains the wake-up pipe (the pump calls this when it is readable).
    func drainWakeUps() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// Call with the lock held.
    private func wake() {
        guard !closed else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }
}
