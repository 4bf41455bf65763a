import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Crash-safe file writes: a temporary file in the same directory, created exclusively with
/// the final mode (so a secret is never readable by others, not even for an instant), written,
/// fsynced and renamed over the target, then the directory is fsynced. A crash at any point
/// leaves either the old file or the new one (and at most a temporary file, mode 0600 like the
/// target, which the next write of that file removes).
public enum AtomicFile {
    /// Writes `data` to `path` with permission bits `mode`.
    ///
    /// `beforeRename` runs after the temporary file is complete and synced, just before it
    /// replaces the target; tests use it to interrupt a write. If anything throws, the
    /// temporary file is removed and the target is left as it was.
    public static func write(
        _ data: Data, to path: String, mode: mode_t,
        beforeRename: ((_ temporaryPath: String) throws -> Void)? = nil
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        removeLeftovers(of: name, in: directory)
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = "\(directory)/.\(name).pomclaw-\(UInt32.random(in: .min ... .max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw fileError("create a temporary file next to", path, errno)
        }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            // open() applies the umask; make the mode exact without ever widening it first.
            guard fchmod(fd, mode) == 0 else { throw fileError("set the mode of", path, errno) }
            try data.withUnsafeBytes { buffer in
                var offset = 0
                let half = buffer.count / 2
                while offset < buffer.count {
                    // In two halves, so a crash test can stop between them.
                    let end = offset < half ? half : buffer.count
                    let written = systemWrite(fd, buffer.baseAddress! + offset, end - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw fileError("write", path, errno)
                    }
                    offset += written
                    if offset == half { CrashPoint.reached("write.\(name).half") }
                }
            }
            guard fsync(fd) == 0 else { throw fileError("sync", path, errno) }
        }
        CrashPoint.reached("write.\(name).rename")
        try beforeRename?(temporary)
        guard rename(temporary, path) == 0 else { throw fileError("replace", path, errno) }
        renamed = true
        syncDirectory(directory)
    }

    /// Creates `path` and missing parents with `mode` (only the directories it creates get it);
    /// an existing directory is left as it is.
    public static func createDirectory(_ path: String, mode: mode_t) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw PomclawError(
                    "\(path) exists but is not a directory.",
                    next: "Move it out of the way and run pomclaw again.")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try createDirectory(parent, mode: 0o755)
        }
        if mkdir(path, mode) != 0, errno != EEXIST {
            throw fileError("create the directory", path, errno)
        }
        _ = chmod(path, mode)
    }

    /// Removes the temporary files an interrupted write of `name` left behind (a crash or
    /// SIGKILL before the rename). Only one pomclaw runs per install (the run lock), so none of
    /// them is still being written.
    private static func removeLeftovers(of name: String, in directory: String) {
        let prefix = ".\(name).pomclaw-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)
        else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let suffix = entry.dropFirst(prefix.count)
            guard !suffix.isEmpty, suffix.allSatisfy(\.isNumber) else { continue }
            unlink(directory + "/" + entry)
        }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func fileError(_ action: String, _ path: String, _ code: Int32) -> PomclawError {
        let reason = String(cString: strerror(code))
        return PomclawError(
            "Could not \(action) \(path): \(reason).",
            next: code == EACCES || code == EPERM
                ? "Check the ownership and permissions of \((path as NSString).deletingLastPathComponent), or run pomclaw as the user who owns the install directory."
                : code == ENOSPC ? "Free some disk space and run pomclaw again."
                : "Fix the file system problem above and run pomclaw again.")
    }
}
