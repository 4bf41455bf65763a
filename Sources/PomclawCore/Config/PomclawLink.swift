import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `pomclaw` link the one-line installer puts on PATH (`~/.local/bin/pomclaw`, or
/// `/usr/local/bin/pomclaw` as root) pointing at an install's binary.
public enum PomclawLink {
    /// The places the installer links from.
    public static func candidates(home: String?) -> [String] {
        (home.map { [$0 + "/.local/bin/pomclaw"] } ?? []) + ["/usr/local/bin/pomclaw"]
    }

    /// The links among `candidates` that are symbolic links resolving to `directory`'s
    /// `pomclaw` (never a file of its own, nor a link to another install).
    public static func links(to directory: InstallDirectory, home: String?) -> [String] {
        guard let target = resolved(directory.file("pomclaw")) else { return [] }
        return candidates(home: home).filter { path in
            var info = stat()
            return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK && resolved(path) == target
        }
    }

    private static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}
