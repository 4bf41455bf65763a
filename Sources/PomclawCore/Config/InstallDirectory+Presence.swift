import Foundation

extension InstallDirectory {
    /// True when something pomclaw or the original installer set up is here: a `.env` or a
    /// compose file.
    public var holdsAnInstall: Bool {
        ([".env"] + ComposeCLI.composeFiles).contains { FileManager.default.fileExists(atPath: file($0)) }
    }

    /// The one error every command gives where nothing is installed (exit 1).
    public var nothingInstalled: PomclawError {
        PomclawError(
            "Nothing is installed in \(path): it holds no .env and no compose.yaml.",
            next: "Run `pomclaw install` there to install, or pass the install's directory with --dir.")
    }

    /// Throws `nothingInstalled` unless `holdsAnInstall`; commands that work on an install
    /// call it before anything else, so they touch nothing (not even `.pomclaw/`) where
    /// there is none.
    public func requireInstall() throws {
        guard holdsAnInstall else { throw nothingInstalled }
    }
}
