import Foundation
import PomclawTestSupport
import Testing

/// The Docker engine and the stand-in images the stack tests run on, and the stack files of
/// this checkout (compose.yaml, docker/openclaw).
///
/// Stack tests need a running engine, Compose v1 or v2, and the stand-in images that
/// `Tests/Docker/standin/build.sh` makes (no registry is reachable from the tests). When
/// those are missing the tests fail and name the script; with `POMCLAW_SKIP_DOCKER_TESTS=1`
/// they are skipped instead.
enum StackEngine {
    /// The build script, relative to the repository root.
    static let buildScript = "Tests/Docker/standin/build.sh"
    /// The OpenClaw version the stand-in gateway image is built for (build.sh's default).
    static let openclawVersion = "2026.6.5"

    /// False when `POMCLAW_SKIP_DOCKER_TESTS=1`: the stack suites are then skipped.
    static let wanted = ProcessInfo.processInfo.environment["POMCLAW_SKIP_DOCKER_TESTS"] != "1"

    /// The checkout this file belongs to.
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func repositoryFile(_ relative: String) -> String { repositoryRoot + "/" + relative }

    /// An executable on PATH (or the usual system folders), as an absolute path.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The environment every docker and compose child gets: nothing of the test process's
    /// own settings (a token exported in the shell must not reach a stack), only what the
    /// CLIs need to find the engine.
    static var childEnvironment: [String: String] {
        let own = ProcessInfo.processInfo.environment
        var environment = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": own["HOME"] ?? "/root"]
        for key in ["DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"] {
            if let value = own[key] { environment[key] = value }
        }
        return environment
    }

    /// The images compose.yaml names, the gateway's at the stand-in version.
    static func images() throws -> [String] {
        let compose = try String(contentsOfFile: repositoryFile("compose.yaml"), encoding: .utf8)
        let named = compose.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("image: pomerium/") else { return nil }
            return String(text.dropFirst("image: ".count))
        }
        return ["openclaw:\(openclawVersion)"] + named
    }

    /// `docker ARGS…` with the child environment.
    static func docker(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> ChildProcess.Result {
        guard let docker = tool("docker") else { throw TestFailure("the docker CLI is not installed") }
        return try ChildProcess.run([docker] + arguments, environment: childEnvironment, timeout: timeout)
    }

    /// Throws, naming what is missing and what to run, unless the engine answers, a Compose
    /// is installed and every stand-in image exists.
    static func requireReady() throws {
        let hint = "Build the stand-in images with `\(buildScript)` (needs a running dockerd and debootstrap), "
            + "or set POMCLAW_SKIP_DOCKER_TESTS=1 to skip the stack tests."
        guard tool("docker") != nil else { throw TestFailure("The docker CLI is not installed. \(hint)") }
        let info = try docker(["info", "--format", "{{.ServerVersion}}"], timeout: .seconds(30))
        guard info.status == 0 else {
            throw TestFailure("No Docker engine answers `docker info`: \(info.stderr.trimmingCharacters(in: .whitespacesAndNewlines)). \(hint)")
        }
        guard !ComposeFlavor.installed.isEmpty else {
            throw TestFailure("Neither `docker compose` nor `docker-compose` is installed. \(hint)")
        }
        let missing = try images().filter { try docker(["image", "inspect", "--format", "{{.Id}}", $0]).status != 0 }
        guard missing.isEmpty else {
            throw TestFailure("Stand-in images are missing: \(missing.joined(separator: ", ")). \(hint)")
        }
    }
}

extension StackEngine {
    /// Throws, naming the build command, unless the stand-in gateway image of every one of
    /// `versions` exists.
    static func requireOpenClaw(_ versions: [String]) throws {
        let missing = try versions.filter { try docker(["image", "inspect", "--format", "{{.Id}}", "openclaw:\($0)"]).status != 0 }
        guard missing.isEmpty else {
            throw TestFailure("Stand-in images are missing: \(missing.map { "openclaw:\($0)" }.joined(separator: ", ")). "
                + "Build them with `\(buildScript)` (by default it builds every release the stack tests use), "
                + "or set POMCLAW_SKIP_DOCKER_TESTS=1 to skip the stack tests.")
        }
    }
}

/// The Compose a stack test runs under: the real-engine tests run under each one installed, so
/// pomclaw is held to Compose v2 (the `docker compose` plugin most hosts have) and to Compose
/// v1 (`docker-compose` 1.x, the oldest it supports) alike.
enum ComposeFlavor: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case v2, v1

    var testDescription: String { "Compose \(rawValue)" }

    /// The flavors this machine has (`.ci/run` installs both).
    static var installed: [ComposeFlavor] { allCases.filter { $0.command != nil } }

    /// The flavor a stack test uses when it runs under one only: v2, else v1.
    static var preferred: ComposeFlavor { installed.first ?? .v2 }

    /// The argv prefix that runs this Compose, or nil when it is not installed.
    var command: [String]? {
        switch self {
        case .v1:
            return StackEngine.tool("docker-compose").map { [$0] }
        case .v2:
            guard let docker = StackEngine.tool("docker"),
                let probe = try? ChildProcess.run(
                    [docker, "compose", "version"], environment: StackEngine.childEnvironment, timeout: .seconds(20)),
                probe.status == 0
            else { return nil }
            return [docker, "compose"]
        }
    }

    /// The PATH pomclaw gets so that it finds this Compose: the usual one for v2; for v1, a
    /// folder in front whose `docker` answers `compose` as the real one does without the plugin
    /// (as on a host with only `docker-compose`), so
    /// pomclaw falls back to `docker-compose` although the plugin is installed here.
    func path(scratch: TemporaryDirectory) throws -> String {
        let path = StackEngine.childEnvironment["PATH"] ?? "/usr/bin:/bin"
        guard self == .v1 else { return path }
        guard let docker = StackEngine.tool("docker") else { throw TestFailure("the docker CLI is not installed") }
        let folder = scratch.file("docker-without-compose-plugin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The real CLI, asked for a plugin that does not exist, answers exactly as it does
        // without the Compose plugin (its own flag parsing, its own exit status); only the
        // name is put back.
        let shim = """
            #!/bin/sh
            if [ "$1" = compose ]; then
                shift
                said=$(\(TmuxSession.quoted(docker)) compose-not-installed "$@" 2>&1 >/dev/null)
                status=$?
                printf '%s\\n' "$said" | sed 's/compose-not-installed/compose/g' >&2
                exit "$status"
            fi
            exec \(TmuxSession.quoted(docker)) "$@"

            """
        try Data(shim.utf8).write(to: URL(fileURLWithPath: folder + "/docker"))
        chmod(folder + "/docker", 0o755)
        return folder + ":" + path
    }
}

/// The Compose CLI the tests drive when they do not name one: `ComposeFlavor.preferred`.
enum Compose {
    static func command() -> [String]? {
        ComposeFlavor.preferred.command
    }
}
