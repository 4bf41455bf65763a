#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Named places where a test can stop pomclaw as a crash or Ctrl-C would, to prove that a
/// re-run resumes from any of them.
///
/// Only debug builds act on it: with `POMCLAW_CRASH_AT=<point>` set, the process sends itself
/// `POMCLAW_CRASH_SIGNAL` (`INT`, `TERM` or `KILL`; default `INT`) when it reaches that point.
/// In a release build `reached` does nothing and neither variable is read.
///
/// The points: `<step id>.check.before`, `.check.after`, `.apply.before`, `.apply.after` for
/// every step the runner runs; `write.<file name>.half` (half of the new content written to
/// the temporary file) and `write.<file name>.rename` (the temporary file complete, not yet
/// renamed) for every atomic write; `keys.after.<key name>` once a key is in place;
/// `spawned.<last argument>` once a child has started and before pomclaw has recorded it
/// (`signalArrives`).
public enum CrashPoint {
    /// Stops the process here when `name` is the point the environment names.
    @inline(__always)
    public static func reached(_ name: @autoclosure () -> String) {
        #if DEBUG
            guard let target = Armed.target, target == name() else { return }
            Armed.fire(target)
        #endif
    }

    /// Like `reached`, but this thread goes on after sending the signal, once a pause of a
    /// second has let the handler start on another thread: a signal that arrives while this
    /// thread finishes something the handler depends on.
    @inline(__always)
    public static func signalArrives(_ name: @autoclosure () -> String) {
        #if DEBUG
            guard let target = Armed.target, target == name() else { return }
            Armed.send(target)
            var second = timespec(tv_sec: 1, tv_nsec: 0)
            _ = nanosleep(&second, nil)
        #endif
    }

    #if DEBUG
        private enum Armed {
            static let target: String? = ProcessInfo.processInfo.environment["POMCLAW_CRASH_AT"]
            static let signal: Int32 =
                switch ProcessInfo.processInfo.environment["POMCLAW_CRASH_SIGNAL"] {
                case "KILL": SIGKILL
                case "TERM": SIGTERM
                default: SIGINT
                }

            static func fire(_ point: String) -> Never {
                send(point)
                // Whichever thread has the signal unblocked runs the handler; this one waits
                // for the end.
                while true { pause() }
            }

            /// Says which point it is and sends the signal, process-directed.
            static func send(_ point: String) {
                let line = "[pomclaw] crash point \(point)\n"
                _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                kill(getpid(), signal)
            }
        }
    #endif
}
