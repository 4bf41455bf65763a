#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns terminal echo off while a secret is typed, and makes sure it comes back: on return,
/// on error, and when the user presses Ctrl-C (the interrupt handler restores it first).
public enum TerminalEcho {
    /// The settings to restore, written only while echo is off. Signal handlers read it, which
    /// is why it is a plain global: no locks in a handler.
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var isOff: sig_atomic_t = 0

    /// Runs `body` with echo off on `fd` (when it is a terminal).
    public static func withEchoOff<T>(fd: Int32 = STDIN_FILENO, _ body: () throws -> T) rethrows -> T {
        var current = termios()
        guard isatty(fd) == 1, tcgetattr(fd, &current) == 0 else { return try body() }
        saved = current
        var silent = current
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        isOff = 1
        _ = tcsetattr(fd, TCSAFLUSH, &silent)
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            isOff = 0
        }
        return try body()
    }

    /// Restores echo if a secret prompt is active, and the rest of the terminal and the run
    /// log (`SignalCleanup`). Async-signal-safe.
    public static func restoreFromSignalHandler() {
        SignalCleanup.runFromSignalHandler()
        if isOff != 0 {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            isOff = 0
        }
    }
}

/// Exits with 130 on Ctrl-C (SIGINT) or SIGTERM after restoring the terminal and stopping the
/// children pomclaw started (SIGTERM, then SIGKILL after a grace period): a signal sent to
/// pomclaw alone must not leave a `docker compose` or an image build running. Atomic writes
/// leave no half-written file behind, so stopping at any instant is safe.
public enum InterruptHandler {
    /// How long children have to exit after SIGTERM before they are killed.
    static var childGraceMilliseconds: Int { 5_000 }

    /// The message, made before any signal can arrive: a handler must not allocate.
    nonisolated(unsafe) private static var message: UnsafeMutableBufferPointer<UInt8> = {
        let text = Array("\n[pomclaw] interrupted; run pomclaw again to resume.\n".utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = buffer.initialize(from: text)
        return buffer
    }()

    /// Set once a handler runs: the run's other threads see their children die and may finish
    /// (with an error) meanwhile; the exit is the handler's, 130.
    nonisolated(unsafe) private static var stopping: sig_atomic_t = 0

    public static func install() {
        _ = message.count
        stopping = 0
        LiveChildren.prepare()
        // Any other way out waits for the handler's exit.
        atexit {
            while InterruptHandler.stopping != 0 { pause() }
        }
        let handler: @convention(c) (Int32) -> Void = { _ in
            InterruptHandler.stopping = 1
            TerminalEcho.restoreFromSignalHandler()
            LiveChildren.stopAllFromSignalHandler(graceMilliseconds: InterruptHandler.childGraceMilliseconds)
            _ = write(STDERR_FILENO, InterruptHandler.message.baseAddress, InterruptHandler.message.count)
            _exit(130)
        }
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        // A second signal while the children are being stopped waits: one handler at a time.
        sigaddset(&action.sa_mask, SIGINT)
        sigaddset(&action.sa_mask, SIGTERM)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }
}
