#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the interrupt handler puts right before the process exits on Ctrl-C, besides the
/// terminal's echo: the in-flight line is erased, the run log records the interrupt and its
/// path is shown. Plain globals and preallocated bytes only: a signal handler must not lock or
/// allocate.
public enum SignalCleanup {
    /// 1 while the in-flight line is on the screen (the console draws and erases it).
    nonisolated(unsafe) static var activityShown: sig_atomic_t = 0
    /// 1 once an interrupt arrived: nothing is drawn any more.
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    /// The open run log, or -1.
    nonisolated(unsafe) static var logDescriptor: Int32 = -1
    /// "interrupted" for the run log and "[pomclaw] run log: PATH" for the screen.
    nonisolated(unsafe) static var logLine: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) static var screenLine: UnsafeMutableBufferPointer<UInt8>?

    /// Called by the interrupt handler. Async-signal-safe: only `write`.
    public static func runFromSignalHandler() {
        interrupted = 1
        if activityShown != 0 {
            var erase: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x0D, 0x1B, 0x5B, 0x32, 0x4B)  // \r ESC [ 2 K
            _ = withUnsafeBytes(of: &erase) { write(STDERR_FILENO, $0.baseAddress, 5) }
            activityShown = 0
        }
        let fd = logDescriptor
        if fd >= 0, let logLine, let screenLine {
            _ = write(fd, logLine.baseAddress, logLine.count)
            _ = write(STDERR_FILENO, screenLine.baseAddress, screenLine.count)
        }
    }

    /// Prepares the lines for `path` and publishes the log's descriptor (called once the log
    /// file is open).
    static func register(logDescriptor fd: Int32, path: String) {
        logDescriptor = -1
        logLine = preallocated("[pomclaw] interrupted (Ctrl-C or SIGTERM); run pomclaw again to resume.\n")
        screenLine = preallocated("[pomclaw] run log: \(path)\n")
        logDescriptor = fd
    }

    private static func preallocated(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }
}
