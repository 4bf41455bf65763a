import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The agent's workspace in `openclaw-data/workspace`, as the guide promises.
///
/// OpenClaw keeps its workspace in `~/.openclaw/workspace` (openclaw-audit.md #53), which the
/// stack used to leave inside the config mount (`openclaw-data/config/.openclaw/workspace`)
/// while `openclaw-data/workspace` stayed empty. `compose.yaml` now mounts
/// `openclaw-data/workspace` there. An install whose gateway already wrote a workspace in the
/// old place keeps it: it is moved, whole and atomically, to `openclaw-data/workspace` (the
/// gateway stopped first, so nothing writes to it meanwhile; the stack step starts it again
/// with the new mount). Once the mount is in place the old path is only its empty mount
/// point, which needs nothing.
public struct WorkspaceStep: Step {
    public let id = "workspace"
    public let title = "OpenClaw workspace"

    /// The workspace's place, relative to the install directory.
    public static let path = "openclaw-data/workspace"
    /// Where OpenClaw wrote it before the mount moved.
    public static let oldPath = "openclaw-data/config/.openclaw/workspace"

    public init() {}

    public func check(_ context: Context) async throws -> CheckResult {
        switch try Self.survey(context.directory) {
        case .inPlace: return .done(Self.path)
        case .move: return .changes(Plan(["move OpenClaw's workspace from \(Self.oldPath) to \(Self.path)"]))
        case .blocked(let error): return .blocked(error)
        }
    }

    public func apply(_ context: Context) async throws {
        guard case .move = try Self.survey(context.directory) else { return }
        let containers = try await context.stack.containers(context.docker)
        if containers[StackNames.gateway]?.running == true {
            try await context.docker.output(.stop(StackNames.gateway))
        }
        let from = context.directory.file(Self.oldPath)
        let to = context.directory.file(Self.path)
        // An empty target is replaced (rename(2) replaces an empty directory); anything else
        // was refused by the survey.
        guard rename(from, to) == 0 else {
            throw PomclawError(
                "Could not move \(from) to \(to): \(String(cString: strerror(errno))).",
                next: "Move it yourself (`mv \(Self.oldPath) \(Self.path)` in the install directory, as root if the "
                    + "files are the container's), then re-run pomclaw install.")
        }
    }

    enum Survey {
        case inPlace
        case move
        case blocked(PomclawError)
    }

    static func survey(_ directory: InstallDirectory) throws -> Survey {
        let old = directory.file(oldPath)
        switch entries(old) {
        case .missing, .empty: return .inPlace
        case .unreadable(let reason):
            return .blocked(PomclawError(
                "\(oldPath) cannot be looked at (\(reason)), so pomclaw cannot tell whether OpenClaw's workspace is there.",
                next: "Run pomclaw install as root (the gateway's files belong to its own user), or move that folder to "
                    + "\(path) yourself, then re-run."))
        case .nonEmpty:
            switch entries(directory.file(path)) {
            case .missing, .empty: return .move
            case .nonEmpty, .unreadable:
                return .blocked(PomclawError(
                    "Both \(oldPath) (the workspace OpenClaw has used so far) and \(path) hold files, so pomclaw "
                        + "cannot move one onto the other without losing something.",
                    next: "Move what you want to keep into \(path), empty \(oldPath), then re-run pomclaw install."))
            }
        }
    }

    enum Entries: Equatable {
        case missing, empty, nonEmpty
        case unreadable(String)
    }

    /// Whether `path` is a directory with something in it. A symbolic link or a file there is
    /// not OpenClaw's workspace: it counts as missing and is left alone.
    static func entries(_ path: String) -> Entries {
        var info = stat()
        if lstat(path, &info) != 0 {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return .missing }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return .unreadable(String(cString: strerror(EACCES)))
        }
        return names.isEmpty ? .empty : .nonEmpty
    }
}
