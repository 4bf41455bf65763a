/// One file of the compose stack that pomclaw installs into the install directory.
public struct StackFile: Sendable, Equatable {
    /// Relative to the install directory, e.g. `docker/openclaw/entrypoint.sh`.
    public var path: String
    public var mode: Int
    public var contents: String

    public init(path: String, mode: Int, contents: String) {
        self.path = path
        self.mode = mode
        self.contents = contents
    }

    /// SHA-256 of the contents, hex.
    public var sha256: String { SHA256.hex(Array(contents.utf8)) }
}

/// The stack files this pomclaw ships (`all`, generated from the repository's files by
/// `scripts/embed-stack-files.py`).
public enum StackFiles {}
