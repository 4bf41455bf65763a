import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Moves bytes between pomclaw and one child on a thread of its own: feeds its stdin, reads
/// its stdout and stderr as they come (so no pipe fills up and stalls it), passes lines on,
/// and stops it when the task is cancelled (SIGTERM, then SIGKILL after `grace`).
///
/// It returns once the child has exited and its output is drained. A grandchild that keeps a
/// pipe open after the child exited does not hold it up: once the child is gone, a pause of
/// `drainPause` ends the reading.
struct OutputPump {
    private struct Output {
        var fd: Int32
        var bytes: [UInt8] = []
        var lines = LineSplitter()
    }

    private let control: ChildControl
    private var outputs: [Output]
    private var stdin: Int32
    private let input: [UInt8]
    private var written = 0
    private let grace: Duration
    private let onLine: (@Sendable (String) -> Void)?
    private static let drainPause: Int32 = 100

    /// `stdin` is the write end of the child's stdin pipe (or -1); the pump owns and closes
    /// every descriptor it is given.
    init(
        control: ChildControl, stdout: Int32, stderr: Int32, stdin: Int32, input: [UInt8], grace: Duration,
        onLine: (@Sendable (String) -> Void)?
    ) {
        self.control = control
        self.outputs = [Output(fd: stdout), Output(fd: stderr)]
        self.stdin = stdin
        self.input = input
        self.grace = grace
        self.onLine = onLine
    }

    /// Runs until the child has exited and its output is read; returns stdout and stderr.
    mutating func run() -> (stdout: [UInt8], stderr: [UInt8]) {
        // A child that exits without reading its stdin must give EPIPE here, not a SIGPIPE
        // that would end pomclaw.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        let clock = ContinuousClock()
        var terminatedAt: ContinuousClock.Instant?
        var killed = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        if input.isEmpty { closeStdin() }
        for index in outputs.indices { _ = fcntl(outputs[index].fd, F_SETFL, O_NONBLOCK) }
        if stdin >= 0 { _ = fcntl(stdin, F_SETFL, O_NONBLOCK) }

        while true {
            if terminatedAt == nil, control.isCancelled {
                control.signal(SIGTERM)
                terminatedAt = clock.now
                closeStdin()
            }
            if let terminatedAt, !killed, clock.now - terminatedAt >= grace {
                control.signal(SIGKILL)
                killed = true
            }
            let exited = control.hasExited
            if exited { closeStdin() }
            if exited, outputs.allSatisfy({ $0.fd < 0 }) { break }

            var fds = [pollfd(fd: control.wakeRead, events: Int16(POLLIN), revents: 0)]
            for output in outputs where output.fd >= 0 {
                fds.append(pollfd(fd: output.fd, events: Int16(POLLIN), revents: 0))
            }
            if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            var timeout: Int32 = -1
            if let terminatedAt, !killed {
                let left = grace - (clock.now - terminatedAt)
                timeout = max(1, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            }
            if exited { timeout = timeout < 0 ? Self.drainPause : min(timeout, Self.drainPause) }

            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                if exited { break }
                continue
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == control.wakeRead {
                    control.drainWakeUps()
                } else if entry.fd == stdin {
                    feedStdin(pipeSignal)
                } else if let index = outputs.firstIndex(where: { $0.fd == entry.fd }) {
                    readOutput(index, into: &buffer)
                }
            }
        }
        closeStdin()
        for index in outputs.indices { finishOutput(index) }
        return (outputs[0].bytes, outputs[1].bytes)
    }

    private mutating func readOutput(_ index: Int, into buffer: inout [UInt8]) {
        let count = buffer.withUnsafeMutableBytes { read(outputs[index].fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EAGAIN || errno == EINTR { return }
        guard count > 0 else {
            finishOutput(index)
            return
        }
        buffer.withUnsafeBufferPointer { chunk in
            let bytes = UnsafeBufferPointer(rebasing: chunk[0..<count])
            outputs[index].bytes.append(contentsOf: bytes)
            let lines = outputs[index].lines.feed(bytes)
            if let onLine { lines.forEach(onLine) }
        }
    }

    private mutating func finishOutput(_ index: Int) {
        guard outputs[index].fd >= 0 else { return }
        _ = close(outputs[index].fd)
        outputs[index].fd = -1
        if let last = outputs[index].lines.finish() { onLine?(last) }
    }

    private mutating func feedStdin(_ pipeSignal: sigset_t) {
        let count = input.withUnsafeBytes { bytes in
            write(stdin, bytes.baseAddress! + written, min(bytes.count - written, 64 * 1024))
        }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            if errno == EPIPE {
                // Take the pending SIGPIPE so it is never delivered.
                var signals = pipeSignal
                var now = timespec()
                _ = sigtimedwait(&signals, nil, &now)
            }
            closeStdin()
            return
        }
        written += count
        if written >= input.count { closeStdin() }
    }

    private mutating func closeStdin() {
        guard stdin >= 0 else { return }
        _ = close(stdin)
        stdin = -1
    }
}
