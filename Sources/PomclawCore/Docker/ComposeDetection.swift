import Foundation

/// Which Docker Compose runs the stack's commands, found by the commands themselves rather
/// than by a call of its own: the plugin (`docker compose`) unless the Docker CLI answers that
/// `compose` is not one of its commands, then the standalone `docker-compose` on PATH. The
/// first answer is kept (copies of the adaptor share it).
public final class ComposeDetection: @unchecked Sendable {
    /// What was found.
    enum Found: Sendable, Equatable {
        case plugin([String])
        case standalone([String])
        /// Neither; the message says so and how to install one.
        case unavailable(String)

        /// The argv prefix that runs Compose; nil when there is none.
        var prefix: [String]? {
            switch self {
            case .plugin(let prefix), .standalone(let prefix): prefix
            case .unavailable: nil
            }
        }
    }

    private let lock = NSLock()
    private var found: Found?
    private var reported = false

    /// What is known so far; nil until a compose command has answered.
    var current: Found? { lock.withLock { found } }

    /// Keeps `answer` unless another caller settled first; returns what is kept.
    func settle(_ answer: Found) -> Found {
        lock.withLock {
            if let found { return found }
            found = answer
            return answer
        }
    }

    /// True the first time only: whoever gets it tells the rest of pomclaw what was found.
    func firstReport() -> Bool {
        lock.withLock {
            defer { reported = true }
            return !reported
        }
    }

    /// Whether `result` is the Docker CLI refusing `compose` because it has no such command: a
    /// Docker without the plugin, which ran nothing. Observed with the plugin removed, on
    /// Docker CLI 20.10.24 (Debian's docker.io) and 28.2.2: with flags before the subcommand,
    /// as pomclaw always passes them (`docker compose --project-directory …`), the CLI parses
    /// them as its own and exits 125 with `unknown flag: --project-directory`; bare (`docker
    /// compose ps`) it exits 1 with `docker: 'compose' is not a docker command.` (20.10) or
    /// `docker: unknown command: docker compose` (28.2). The plugin itself accepts
    /// `--project-directory` and never names itself so, so none of these comes from it.
    public static func pluginMissing(_ result: DockerResult) -> Bool {
        guard result.status != 0 else { return false }
        return result.stderr.contains("'compose' is not a docker command")
            || result.stderr.contains("unknown command: docker compose")
            || result.stderr.split(separator: "\n").contains { $0.hasPrefix("unknown flag: --project-directory") }
    }
}
