import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How the commands pomclaw prints are spelled on this host. Messages, hints and the closing
/// summary are written once, as `pomclaw status` and `docker compose logs …`; the console
/// passes every line through `apply`, which spells them as they work here:
/// - `pomclaw` stays when that name finds this very binary on PATH (the installer's link in
///   `~/.local/bin`, say); otherwise it becomes `./pomclaw` (the binary in the install
///   directory, run from there) or the binary's path;
/// - `docker compose` becomes `docker-compose` once the Compose found is the standalone v1.
/// Values in messages never contain these words followed by a command, so only commands change.
public final class CommandSpelling: Sendable {
    /// How to run pomclaw here.
    public let pomclaw: String
    private let standaloneCompose = Atomic<Bool>(false)

    /// The spelling that changes nothing until Compose is found.
    public init(pomclaw: String = "pomclaw") {
        self.pomclaw = pomclaw
    }

    /// Compose was found: the standalone `docker-compose` (v1) when `standalone`, else the
    /// plugin.
    public func composeFound(standalone: Bool) {
        standaloneCompose.store(standalone, ordering: .relaxed)
    }

    /// How a user runs Compose here: `docker compose` or `docker-compose`.
    public var compose: String { standaloneCompose.load(ordering: .relaxed) ? "docker-compose" : "docker compose" }

    /// `text` with its commands spelled for this host.
    public func apply(_ text: String) -> String {
        var text = text
        if standaloneCompose.load(ordering: .relaxed), text.contains("docker compose") {
            text = Self.composeWord.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "docker-compose")
        }
        if pomclaw != "pomclaw", text.contains("pomclaw ") {
            text = Self.pomclawWord.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text),
                withTemplate: NSRegularExpression.escapedTemplate(for: pomclaw))
        }
        return text
    }

    private static let composeWord = try! NSRegularExpression(pattern: #"(?<![\w-])docker compose(?=[ `'"]|$)"#)
    private static let pomclawWord = try! NSRegularExpression(
        pattern: #"(?<![\w./\[-])pomclaw(?= (install|status|reset|uninstall|access|doctor|upgrade|--[a-z])\b)"#)

    /// How to run the binary at `executable` (its path as started) for an install in
    /// `directory`, with `path` the PATH: `pomclaw` when the name finds this binary,
    /// `./pomclaw` when it is the install directory's own and that is the current directory,
    /// else its path (quoted for a shell when it must be; left as `pomclaw` when no quoting
    /// would keep it printable).
    public static func pomclawCommand(executable: String, directory: InstallDirectory, path: String?) -> String {
        let own = realPath(executable)
        if let found = ExecutableSearch().find("pomclaw", path: path), realPath(found) == own { return "pomclaw" }
        let current = realPath(FileManager.default.currentDirectoryPath)
        if realPath(directory.file("pomclaw")) == own, realPath(directory.path) == current { return "./pomclaw" }
        guard let own else { return "pomclaw" }
        let absolute = executable.hasPrefix("/") ? executable : own
        if absolute.unicodeScalars.allSatisfy({ CharacterSet(charactersIn: "/._-+@:%,=").contains($0) || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }) {
            return absolute
        }
        let printable = absolute.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "'" && $0 != "\"" && $0 != "\\" && $0.value != 0x7F }
        return printable ? "'\(absolute)'" : "pomclaw"
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
