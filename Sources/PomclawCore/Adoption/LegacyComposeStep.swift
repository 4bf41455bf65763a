import Foundation

/// Retires the original installer's `docker-compose.yml` once pomclaw's `compose.yaml` is in
/// place: it is renamed to `docker-compose.yml.orig` (kept for reference, never deleted).
///
/// Two compose files in one directory are ambiguous: `docker compose` picks `compose.yaml`
/// and warns, `docker-compose` (v1) picks `docker-compose.yml`, and people reading the
/// directory cannot tell which one runs. Both files leave the project name to Compose, so it
/// is the directory's name in both: the containers, the `<project>_main` network and the
/// named volumes (Pomerium's cache, data and databroker) stay the same project, and the
/// stack steps recreate the original's containers in place from `compose.yaml` — no
/// `compose down`, no orphaned containers, no lost volumes.
public struct LegacyComposeStep: Step {
    public let id = "legacy-compose"
    public let title = "Original installer's docker-compose.yml"

    /// The original installer's compose file.
    public static let legacyName = "docker-compose.yml"

    public init() {}

    public func check(_ context: Context) async throws -> CheckResult {
        guard FileManager.default.fileExists(atPath: context.directory.file(Self.legacyName)) else {
            return .done("none")
        }
        let target = Self.retiredName(context.directory)
        return .changes(Plan([
            "rename \(Self.legacyName) (the original installer's) to \(target): compose.yaml replaces it, "
                + "and the containers, network and volumes keep their project name",
        ]))
    }

    public func apply(_ context: Context) async throws {
        let directory = context.directory
        guard FileManager.default.fileExists(atPath: directory.file(ComposeCLI.composeFiles[0])) else {
            throw PomclawError(
                "\(ComposeCLI.composeFiles[0]) is not in \(directory.path), so \(Self.legacyName) is still the stack's compose file.",
                next: "Re-run pomclaw install: its stack-files step writes compose.yaml first.")
        }
        let from = directory.file(Self.legacyName)
        let to = directory.file(Self.retiredName(directory))
        guard rename(from, to) == 0 else {
            let reason = String(cString: strerror(errno))
            throw PomclawError(
                "Could not rename \(from) to \(to): \(reason).",
                next: "Rename or remove \(Self.legacyName) yourself (compose.yaml replaces it), then re-run pomclaw install.")
        }
    }

    /// `docker-compose.yml.orig`, or `.orig.2`, `.orig.3`… when that name is taken.
    static func retiredName(_ directory: InstallDirectory) -> String {
        let base = legacyName + ".orig"
        var name = base
        var counter = 2
        while FileManager.default.fileExists(atPath: directory.file(name)) {
            name = "\(base).\(counter)"
            counter += 1
        }
        return name
    }
}
