import Foundation

/// The install directory and the well-known paths inside it.
public struct InstallDirectory: Sendable, Equatable {
    /// Absolute path, without a trailing slash.
    public let path: String

    /// Resolves `path` (relative to the current directory when not absolute) without touching
    /// the file system.
    public init(_ path: String) {
        let absolute = path.hasPrefix("/")
            ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.path = URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The absolute path of `relative` inside the install directory.
    public func file(_ relative: String) -> String {
        path == "/" ? "/" + relative : path + "/" + relative
    }

    public var envFile: String { file(".env") }
    /// Private keys live here (mode 0700).
    public var keysDirectory: String { file("keys") }
    /// Mounted read-only into the gateway at `/var/lib/pomerium`.
    public var sshPublicDirectory: String { file("openclaw-data/pomerium-ssh") }
    /// The gateway's OpenClaw config (`/claw/.openclaw/openclaw.json` in its container).
    public var gatewayConfigFile: String { file("openclaw-data/config/.openclaw/openclaw.json") }
}
