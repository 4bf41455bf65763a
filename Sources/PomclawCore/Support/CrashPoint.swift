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
/// renamed) for every atomic write; `keys.after.<key name>` once a key is in place.
public enum CrashPoint {
    /// Stops the process here when `name` is the point the environment names.
    @inline(__always)
    public static func reached(_ name: @autoclosure () -> String) {
        #if DEBUG
            guard let target = Armed.target, target == name() else { return }
            Armed.fire(target)
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
                let line = "[pomclaw] crash point \(point)\n"
                _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                // Process-directed: whichever thread has it unblocked runs the handler; this one
                // waits for the end.
                kill(getpid(), signal)
                while true { pause() }
            }
        }
    #endif
}
