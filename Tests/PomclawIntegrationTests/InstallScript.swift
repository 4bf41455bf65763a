import Foundation
import PomclawTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// This checkout's `install.sh` and `scripts/package.sh`, a release made by package.sh from
/// the pomclaw binary the tests run, and the installer run the way `curl … | bash` runs it:
/// the script on a pipe into `bash -s`, in a session of its own with no terminal.
enum InstallScript {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var path: String { checkout.appendingPathComponent("install.sh").path }
    static var packager: String { checkout.appendingPathComponent("scripts/package.sh").path }

    /// The installer's bytes.
    static func bytes() throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw TestFailure("cannot read \(path)") }
        return data
    }

    /// The release files package.sh made.
    struct Release: Sendable {
        let folder: String
        let tarballName: String
        let tarball: Data
        let checksum: Data
    }

    /// Runs `scripts/package.sh --binary <pomclaw> --out <folder>`.
    static func package(into folder: String) throws -> Release {
        let result = try ChildProcess.run(
            ["/bin/bash", packager, "--binary", PomclawProcess.executable.path, "--out", folder],
            environment: PomclawProcess.baseEnvironment, timeout: .seconds(300))
        guard result.status == 0 else {
            throw TestFailure("package.sh exited \(result.status):\n\(result.stderr)")
        }
        let tarballPath = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = (tarballPath as NSString).lastPathComponent
        guard let tarball = FileManager.default.contents(atPath: tarballPath),
            let checksum = FileManager.default.contents(atPath: tarballPath + ".sha256")
        else { throw TestFailure("package.sh made no \(tarballPath) with its .sha256:\n\(result.stderr)") }
        return Release(folder: folder, tarballName: name, tarball: tarball, checksum: checksum)
    }

    private struct Packaged: Sendable {
        var release: Release?
        var problem = ""
    }

    /// One release per test process (packaging takes seconds), removed when the process exits.
    private static let packaged: Packaged = {
        do {
            let folder = try TemporaryDirectory("pomclaw-release")
            atexit { InstallScript.removeShared() }
            return Packaged(release: try package(into: folder.path))
        } catch {
            return Packaged(problem: "\(error)")
        }
    }()

    private static func removeShared() {
        if let folder = packaged.release?.folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The shared release (blocking the first time: call it on a thread of its own).
    static func release() throws -> Release {
        guard let release = packaged.release else { throw TestFailure("packaging failed: \(packaged.problem)") }
        return release
    }

    /// The release directory the server offers, as in the GitHub download URL.
    static let releasePath = "/releases/download/v0.1.0"

    /// Routes serving `release` (its checksum file replaced by `checksum` when given).
    static func routes(_ release: Release, checksum: Data? = nil) -> [String: LoopbackHTTPServer.Route] {
        [
            "\(releasePath)/\(release.tarballName)": .init(body: release.tarball),
            "\(releasePath)/\(release.tarballName).sha256": .init(body: checksum ?? release.checksum),
        ]
    }

    /// Runs `cat script | bash -s -- arguments…` in `directory` under `setsid` (so /dev/tty
    /// cannot be opened, whatever terminal the tests run in), with exactly `environment`.
    static func run(
        script: Data, _ arguments: [String] = [], environment: [String: String], directory: String
    ) throws -> ChildProcess.Result {
        let scratch = try TemporaryDirectory("pomclaw-script")
        defer { scratch.remove() }
        try script.write(to: URL(fileURLWithPath: scratch.file("install.sh")))
        return try ChildProcess.run(
            ["/usr/bin/setsid", "-w", "/bin/bash", "-c", "cat -- \"$0\" | /bin/bash -s -- \"$@\"", scratch.file("install.sh")]
                + arguments,
            environment: environment, directory: directory, timeout: .seconds(120))
    }

    /// Every file and folder under `path` (relative), with its type, mode, size and mtime.
    static func tree(_ path: String) -> [String: String] {
        var entries: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return entries }
        while let relative = walker.nextObject() as? String {
            var info = stat()
            guard lstat(path + "/" + relative, &info) == 0 else { continue }
            entries[relative] = "\(String(info.st_mode, radix: 8)) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return entries
    }

    /// The permission bits of `path`.
    static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o7777)
    }

    /// `ID` and `ID_LIKE` words of this machine's /etc/os-release.
    static var distroWords: [String] {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").flatMap { line -> [String] in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "ID" || parts[0] == "ID_LIKE" else { return [] }
            return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
                .split(separator: " ").map(String.init)
        }
    }

    /// Whether this machine is Debian or Ubuntu (or derived from them).
    static var isDebianFamily: Bool {
        distroWords.contains { ["debian", "ubuntu", "raspbian"].contains($0) }
    }
}

/// A PATH for the installer: `bin/` with the test's fake tools first, then `system/` with
/// links to every program in the system's bin folders except Docker's, so the real engine
/// never takes part and a test decides whether docker exists.
struct InstallerTools {
    let folder: TemporaryDirectory
    var bin: String { folder.file("bin") }

    init() throws {
        folder = try TemporaryDirectory("pomclaw-installer-tools")
        let system = folder.file("system")
        for made in [folder.file("bin"), system, folder.file("tmp")] {
            try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: false)
        }
        let docker: Set = ["docker", "docker-compose", "dockerd", "docker-init", "docker-proxy"]
        for source in ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [] where !docker.contains(name) {
                let link = system + "/" + name
                if FileManager.default.fileExists(atPath: link) { continue }
                try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: source + "/" + name)
            }
        }
    }

    /// Writes an executable `bin/name` holding `script`.
    func tool(_ name: String, _ script: String) throws {
        let path = bin + "/" + name
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    /// A `docker` answering what the installer asks: `compose version` and
    /// `version --format …` (the engine), either of them failing on request.
    func docker(compose: Bool = true, engine: Bool = true) throws {
        try tool(
            "docker",
            """
            #!/bin/sh
            case "$1 $2" in
            "compose version")
                \(compose ? "echo 'Docker Compose version v2.29.7'; exit 0" : "echo \"docker: 'compose' is not a docker command.\" >&2; exit 1") ;;
            "version --format")
                \(engine ? "echo 28.2.2; exit 0" : "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1") ;;
            esac
            echo "fake docker: unexpected $*" >&2
            exit 2

            """)
    }

    /// The installer's temporary folder (TMPDIR): empty again after every run.
    var temporary: String { folder.file("tmp") }

    /// The environment for the installer: PATH of these tools, TMPDIR, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = PomclawProcess.baseEnvironment
        environment["PATH"] = bin + ":" + folder.file("system")
        environment["TMPDIR"] = temporary
        environment["HOME"] = folder.path
        return environment.merging(extra) { _, new in new }
    }

    func remove() { folder.remove() }
}
