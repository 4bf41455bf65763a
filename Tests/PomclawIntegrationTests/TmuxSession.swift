import Foundation
import PomclawTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real terminal for a test: a detached tmux session on a private server socket, 200×50,
/// running one shell command. The test types with `send-keys` and reads the screen with
/// `capture-pane`. Panes stay on screen after their command exits (`remain-on-exit`), so the
/// final screen can still be read. `kill()` must be called (use `defer`).
final class TmuxSession {
    static let tmux = "/usr/bin/tmux"
    let socket = "pomclaw-test-\(UUID().uuidString.prefix(12))"
    /// Holds the tmux configuration; the test's own files may live here too.
    let scratch: TemporaryDirectory
    private let environment: [String: String]
    /// The tmux server's process, to make sure `kill()` ended it.
    private let serverPID: pid_t?
    /// tmux leaves its socket file behind when the server exits; `kill()` removes it.
    private let socketPath: String?

    /// Starts `command` (run by /bin/sh -c) in a new session whose environment is this
    /// process's without pomclaw settings and without `NO_COLOR` (the test runner sets it; a
    /// terminal normally has colours), plus `environment`.
    init(command: String, environment: [String: String]) throws {
        scratch = try TemporaryDirectory("pomclaw-tmux")
        var base = PomclawProcess.baseEnvironment.filter { $0.key != "TMUX" && $0.key != "TMUX_PANE" && $0.key != "NO_COLOR" }
        base.merge(environment) { _, new in new }
        base["TERM"] = base["TERM"] ?? "xterm-256color"
        self.environment = base
        let config = scratch.file("tmux.conf")
        let settings = ["set -g default-shell /bin/sh", "set -g remain-on-exit on", "set -g history-limit 5000"]
        try (settings.joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        let started = try ChildProcess.run(
            [Self.tmux, "-L", socket, "-f", config, "new-session", "-d", "-x", "200", "-y", "50", command],
            environment: base, timeout: .seconds(10))
        guard started.status == 0 else { throw TestFailure("tmux new-session failed: \(started.stderr)") }
        let server = try? ChildProcess.run(
            [Self.tmux, "-L", socket, "display-message", "-p", "#{pid} #{socket_path}"], environment: base,
            timeout: .seconds(10))
        let fields = server?.stdout.split(separator: " ", maxSplits: 1).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        } ?? []
        serverPID = fields.first.flatMap { pid_t($0) }
        socketPath = fields.count == 2 ? fields[1] : nil
    }

    /// Runs a tmux client command against this session's server.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> ChildProcess.Result {
        let result = try ChildProcess.run(
            [Self.tmux, "-L", socket] + arguments, environment: environment, timeout: .seconds(10))
        guard result.status == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result
    }

    /// The whole pane, history included, wrapped lines joined.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-"]).stdout
    }

    /// Types `text` literally (no key names), without pressing Enter.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", text])
    }

    /// Presses a key by its tmux name: `Enter`, `C-c`, `C-d`.
    func press(_ key: String) throws {
        try tmux(["send-keys", key])
    }

    /// The terminal device of the pane, e.g. `/dev/pts/3`.
    func paneTTY() throws -> String {
        try tmux(["display-message", "-p", "#{pane_tty}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until it contains `text`; returns it. Throws with the last screen after
    /// `timeout`, an upper bound generous enough for a prompt that follows Zero API calls while
    /// the whole suite loads a 2-core machine (it returns as soon as the text shows).
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(60)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(50_000)
        }
        throw TestFailure("'\(text)' did not appear within \(timeout); the screen:\n\(last)")
    }

    /// Polls until the file at `path` holds a complete line; returns it without the newline.
    func waitForLine(in path: String, timeout: Duration = .seconds(60)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: path) {
                let text = String(decoding: data, as: UTF8.self)
                if text.hasSuffix("\n") { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            usleep(50_000)
        }
        throw TestFailure("\(path) was not written within \(timeout); the screen:\n\((try? screen()) ?? "")")
    }

    /// Stops this session's tmux server and removes the scratch directory.
    func kill() {
        _ = try? ChildProcess.run([Self.tmux, "-L", socket, "kill-server"], environment: environment, timeout: .seconds(10))
        if let serverPID {
            let deadline = ContinuousClock.now + .seconds(5)
            while Self.isRunning(serverPID), ContinuousClock.now < deadline { usleep(20_000) }
            if Self.isRunning(serverPID) { _ = Glibc.kill(serverPID, SIGKILL) }
        }
        if let socketPath { unlink(socketPath) }
        scratch.remove()
    }

    /// Whether `pid` exists and has not exited (a zombie has exited; the server is not our
    /// child, so its parent reaps it whenever it does).
    private static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// `value` quoted for /bin/sh.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
