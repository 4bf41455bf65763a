import Foundation
import PomclawTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The `pomclaw` binary started without waiting for it, for tests that signal it from outside
/// while it runs; stdout and stderr go to files read after it exits.
final class BackgroundPomclaw: @unchecked Sendable {
    let pid: pid_t
    private let scratch: String

    init(_ arguments: [String], environment: [String: String], directory: String) throws {
        scratch = NSTemporaryDirectory() + "pomclaw-bg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try ChildProcess.closeInherited(&actions, directory: directory)
        // Its own process group: a signal for it must not need the test's.
        pid = try ChildProcess.spawn(
            [PomclawProcess.executable.path] + arguments,
            environment: PomclawProcess.baseEnvironment.merging(environment) { _, new in new },
            actions: &actions, ownProcessGroup: true)
    }

    /// Waits (on this thread) until it exits, up to `timeout`; its exit code, 128 + signal
    /// when a signal ended it. Kills it and throws on timeout.
    func wait(timeout: Duration = .seconds(60)) throws -> Int32 {
        guard let status = ChildProcess.reap(pid, within: timeout) else {
            throw TestFailure("pomclaw did not exit within \(timeout)")
        }
        return status
    }

    var stdout: String { String(decoding: FileManager.default.contents(atPath: scratch + "/stdout") ?? Data(), as: UTF8.self) }
    var stderr: String { String(decoding: FileManager.default.contents(atPath: scratch + "/stderr") ?? Data(), as: UTF8.self) }

    deinit { try? FileManager.default.removeItem(atPath: scratch) }
}

/// The processes descending from `root` (children, grandchildren …), read from /proc.
enum ProcessTree {
    struct Entry: Hashable {
        var pid: pid_t
        var state: Character
        var cmdline: [String]
    }

    /// Each live process's parent, from /proc/<pid>/stat.
    static func parents() -> [pid_t: (parent: pid_t, state: Character)] {
        var result: [pid_t: (pid_t, Character)] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), let stat = read("/proc/\(name)/stat") else { continue }
            // "pid (comm) S ppid …": comm may hold spaces, so parse after the last ')'.
            let text = String(decoding: stat, as: UTF8.self)
            guard let close = text.lastIndex(of: ")") else { continue }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = pid_t(fields[1]), let state = fields[0].first else { continue }
            result[pid] = (parent, state)
        }
        return result
    }

    /// The descendants of `root`, with their command lines.
    static func descendants(of root: pid_t) -> [Entry] {
        let table = parents()
        var children: [pid_t: [pid_t]] = [:]
        for (pid, entry) in table { children[entry.parent, default: []].append(pid) }
        var found: [Entry] = []
        var queue = children[root] ?? []
        while let pid = queue.popLast() {
            let state = table[pid]?.state ?? "?"
            found.append(Entry(pid: pid, state: state, cmdline: strings(read("/proc/\(pid)/cmdline"))))
            queue += children[pid] ?? []
        }
        return found
    }

    /// The live processes (not zombies) whose working directory is `directory`, with their
    /// command lines.
    static func working(in directory: String) -> [Entry] {
        let target = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return parents().compactMap { pid, entry -> Entry? in
            guard entry.state != "Z", entry.state != "X",
                let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                cwd == target
            else { return nil }
            return Entry(pid: pid, state: entry.state, cmdline: strings(read("/proc/\(pid)/cmdline")))
        }
    }

    /// Whether `pid` is a process that has not exited (a zombie has).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = read("/proc/\(pid)/stat") else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        let state = text[text.index(after: close)...].split(separator: " ").first?.first
        return state != "Z" && state != "X"
    }

    /// A /proc file's bytes (their size is not known in advance), nil when unreadable.
    static func read(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 8_192)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return count == 0 ? data : nil }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// NUL-separated strings (a cmdline or environ file).
    static func strings(_ data: Data?) -> [String] {
        guard let data else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }
}
