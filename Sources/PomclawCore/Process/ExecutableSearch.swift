import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds a program on a PATH the way a shell does: the first directory holding an executable
/// regular file of that name.
public struct ExecutableSearch: Sendable {
    /// The search path used when PATH is unset or empty, as the C library's `execvp` uses.
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    private let isExecutable: @Sendable (String) -> Bool

    /// Searches the real file system.
    public init() {
        self.init { path in
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
            return access(path, X_OK) == 0
        }
    }

    /// Searches with `isExecutable` standing in for the file system (tests).
    public init(isExecutable: @escaping @Sendable (String) -> Bool) {
        self.isExecutable = isExecutable
    }

    /// The absolute path of `name` on `path` (colon-separated; nil or empty: the default).
    /// Relative entries are skipped: what runs must not depend on the working directory.
    public func find(_ name: String, path: String?) -> String? {
        let search = (path?.isEmpty ?? true) ? Self.defaultPath : path!
        for directory in search.split(separator: ":", omittingEmptySubsequences: true)
        where directory.hasPrefix("/") {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }
}
