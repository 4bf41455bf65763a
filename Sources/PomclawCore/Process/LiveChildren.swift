import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The children pomclaw has started and not yet reaped, in a fixed table the interrupt
/// handler can read: on SIGTERM (or a SIGINT sent to pomclaw alone) the children would
/// otherwise live on after pomclaw exits (a `docker compose up`, an image build).
///
/// Threads add and remove pids under a lock; the signal handler only reads the slots, never
/// allocates and never locks. A pid leaves the table before it is reaped, so the handler can
/// never signal a process that reused it. A slot is taken before a child starts (holding
/// `starting`), so a handler that runs on another thread while the child is being started
/// waits for its pid instead of missing it.
enum LiveChildren {
    static let capacity = 256
    /// What a slot holds while its child is being started.
    private static let starting: pid_t = -1
    /// Allocated once, before any handler is installed (see `prepare`).
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<pid_t> = {
        let slots = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        return slots
    }()
    private static let lock = NSLock()

    /// Creates the table; call before installing a handler that uses it.
    static func prepare() {
        _ = slots
        _ = lock
    }

    static func add(_ pid: pid_t) {
        lock.withLock {
            for index in 0..<capacity where slots[index] == 0 {
                slots[index] = pid
                return
            }
        }
    }

    static func remove(_ pid: pid_t) {
        lock.withLock {
            for index in 0..<capacity where slots[index] == pid {
                slots[index] = 0
            }
        }
    }

    /// Runs `body` (which starts a child and returns its pid) with SIGINT and SIGTERM blocked
    /// on this thread and a slot marked `starting`, and records the pid in that slot before
    /// they are unblocked. A signal is process-directed: its handler may run on another thread
    /// at any moment, even while the child exists but its pid is not yet recorded; it then
    /// waits for the slot (`stopAllFromSignalHandler`). `point` names the child for
    /// `CrashPoint` (`spawned.<point>`), which a test uses to send the signal just then.
    static func spawning(
        point: @autoclosure () -> String, _ body: () throws(ProcessStartError) -> pid_t
    ) throws(ProcessStartError) -> pid_t {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let slot = reserve()
        let pid: pid_t
        do {
            pid = try body()
        } catch {
            if let slot { lock.withLock { slots[slot] = 0 } }
            throw error
        }
        CrashPoint.signalArrives("spawned." + point())
        if let slot { lock.withLock { slots[slot] = pid } } else { add(pid) }
        return pid
    }

    /// A free slot, now marked `starting`; nil when the table is full.
    private static func reserve() -> Int? {
        lock.withLock {
            for index in 0..<capacity where slots[index] == 0 {
                slots[index] = starting
                return index
            }
            return nil
        }
    }

    /// Sends SIGTERM to every live child, waits up to `graceMilliseconds` for them to exit,
    /// then SIGKILLs the rest and waits for them to go. Async-signal-safe: only kill, waitid
    /// and nanosleep, on the fixed table.
    static func stopAllFromSignalHandler(graceMilliseconds: Int) {
        // A child being started on another thread has its pid recorded within moments.
        waitWhileStarting(milliseconds: 5_000)
        for index in 0..<capacity {
            let pid = slots[index]
            if pid > 0 { _ = kill(pid, SIGTERM) }
        }
        if waitForAll(milliseconds: graceMilliseconds) { return }
        for index in 0..<capacity {
            let pid = slots[index]
            if pid > 0, isRunning(pid) { _ = kill(pid, SIGKILL) }
        }
        _ = waitForAll(milliseconds: 2_000)
    }

    /// Polls every millisecond, for up to `milliseconds`, until no slot is `starting`.
    private static func waitWhileStarting(milliseconds: Int) {
        for _ in 0..<milliseconds {
            var pending = false
            for index in 0..<capacity where slots[index] == starting {
                pending = true
                break
            }
            if !pending { return }
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            _ = nanosleep(&pause, nil)
        }
    }

    /// Whether every child in the table has exited, polling every 10 ms for up to
    /// `milliseconds`.
    private static func waitForAll(milliseconds: Int) -> Bool {
        var waited = 0
        while true {
            var running = false
            for index in 0..<capacity {
                let pid = slots[index]
                if pid > 0, isRunning(pid) {
                    running = true
                    break
                }
            }
            if !running { return true }
            if waited >= milliseconds { return false }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            _ = nanosleep(&pause, nil)
            waited += 10
        }
    }

    /// True while `pid` has not exited (an exited child not yet reaped is not running; one
    /// already reaped is no child any more).
    private static func isRunning(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
        return info._sifields._sigchld.si_pid == 0
    }
}
