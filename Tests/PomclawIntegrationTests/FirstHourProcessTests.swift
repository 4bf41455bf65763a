import Foundation
import PomclawCLI
import PomclawCore
import PomclawTestSupport
import Testing

/// What a newcomer runs into in the first hour, as processes: mistyped commands, `-v`, shared
/// options before the command, a directory without an install, the commands printed for the
/// Compose found and for the way pomclaw runs here, and the purge of the installer's link.
@Suite(.serialized) struct FirstHourProcessTests {
    /// A folder holding a `pomclaw` link to the binary under test, for PATH.
    static func linkFolder(_ scratch: TemporaryDirectory) throws -> String {
        let folder = scratch.file("bin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/pomclaw", withDestinationPath: PomclawProcess.executable.path)
        return folder
    }

    @Test func aMistypedCommandIsAUsageErrorNamingTheClosestOne() throws {
        let empty = try TemporaryDirectory("pomclaw-first-hour")
        defer { empty.remove() }
        let typo = try PomclawProcess.run(["stauts"], directory: empty.path)
        #expect(typo.status == 64, "\(typo.stderr)")
        #expect(typo.stderr.contains("'stauts' is not a pomclaw command.") && typo.stderr.contains("Did you mean `pomclaw status`?"),
            "\(typo.stderr)")
        #expect(!typo.stderr.contains("USAGE: pomclaw install"))
        let far = try PomclawProcess.run(["frobnicate"], directory: empty.path)
        #expect(far.status == 64)
        #expect(far.stderr.contains("lists the commands: install, status, reset, uninstall, access, doctor, upgrade."), "\(far.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
    }

    @Test func dashVPrintsTheVersionAndSharedOptionsMayComeFirst() throws {
        let version = try PomclawProcess.run(["-v"])
        #expect(version.status == 0 && version.stdout == PomclawVersion.current + "\n", "\(version.stderr)")
        let elsewhere = try TemporaryDirectory("pomclaw-first-hour")
        defer { elsewhere.remove() }
        // `--dir` before the command reaches it: status looks at that directory.
        let status = try PomclawProcess.run(["--dir", elsewhere.path, "--no-color", "status"])
        #expect(status.stderr.contains("Nothing is installed in \(elsewhere.path)"), "\(status.stderr)")
        let access = try PomclawProcess.run(["--dir", elsewhere.path, "access", "list"])
        #expect(access.stderr.contains("Nothing is installed in \(elsewhere.path)"), "\(access.stderr)")
    }

    @Test func aVersionWithAVIsRefusedWithTheNumberMeant() throws {
        let empty = try TemporaryDirectory("pomclaw-first-hour")
        defer { empty.remove() }
        for arguments in [["install", "--openclaw-version", "v2026.6.6"], ["upgrade", "--openclaw", "v2026.6.6"],
                          ["upgrade", "--openclaw-version", "v2026.6.6"], ["install", "--openclaw", "v2026.6.6", "--dry-run"]] {
            let result = try PomclawProcess.run(arguments + ["--non-interactive"], directory: empty.path)
            #expect(result.stderr.contains("did you mean 2026.6.6?"), "\(arguments): \(result.stderr)")
            #expect(result.status == 1 || result.status == 64)
        }
    }

    /// One wording and one exit status for "nothing installed here", in every command that needs
    /// an install; nothing is left behind, and neither Compose nor the engine is asked.
    @Test(arguments: [["status"], ["reset", "--yes"], ["upgrade"], ["uninstall", "--yes"], ["access", "list"],
                      ["access", "add", "a@example.com"], ["status", "--json"]])
    func nothingInstalledIsSaidOneWayEverywhere(_ arguments: [String]) async throws {
        try await CLIFixture.with { fixture in
            let token = ["reset", "upgrade"].contains(arguments[0]) ? [] : ["--api-token-file", fixture.apiTokenFile]
            let result = try await fixture.run(arguments + token)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("Nothing is installed in \(fixture.install.path): it holds no .env and no compose.yaml."),
                "\(result.stderr)")
            #expect(result.stderr.contains("install` there to install, or pass the install's directory with --dir."))
            for noise in ["Traceback", "Check that the Docker engine is running", "Run log"] {
                #expect(!result.stderr.contains(noise), "\(noise):\n\(result.stderr)")
            }
            let left = try fixture.installContents()
            #expect(left.isEmpty, "left behind: \(left)")
            let calls = try fixture.docker.calls()
            #expect(calls.isEmpty, "docker was called: \(calls)")
        }
    }

    /// The commands pomclaw prints work as printed: `pomclaw` when that name runs this binary,
    /// else its path; `docker-compose` where Compose v1 is the one found.
    @Test func printedCommandsAreSpelledForThisHost() async throws {
        try await CLIFixture.with(dockerSettings: ["FAKE_DOCKER_COMPOSE": "v1"]) { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "\(install.stderr)")
            #expect(install.stderr.contains("docker-compose exec --user claw openclaw-gateway openclaw models list"), "\(install.stderr)")
            #expect(!install.stderr.contains("docker compose "), "a Compose v2 command on a v1 host:\n\(install.stderr)")
            // Not on PATH: the binary's own path.
            let binary = PomclawProcess.executable.path
            #expect(install.stderr.contains("  \(binary) status "), "\(install.stderr)")
            #expect(install.stderr.contains("3. Let someone else in: \(binary) access add EMAIL"))

            let scratch = try TemporaryDirectory("pomclaw-first-hour")
            defer { scratch.remove() }
            let path = try Self.linkFolder(scratch) + ":" + (fixture.environment["PATH"] ?? "/usr/bin:/bin")
            let empty = scratch.file("empty")
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let linked = try PomclawProcess.run(["status", "--dir", empty], environment: ["PATH": path])
            #expect(linked.stderr.contains("Run `pomclaw install` there"), "\(linked.stderr)")
            let unlinked = try PomclawProcess.run(["status", "--dir", empty], environment: fixture.environment)
            #expect(unlinked.stderr.contains("Run `\(binary) install` there"), "\(unlinked.stderr)")
        }
    }

    /// `uninstall --purge` removes the installer's `~/.local/bin/pomclaw` when it points at this
    /// install, and leaves a link to another one.
    @Test func thePurgeRemovesTheLinkToThisInstallOnly() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "\(install.stderr)")
            try FileManager.default.createSymbolicLink(
                atPath: fixture.install.file("pomclaw"), withDestinationPath: PomclawProcess.executable.path)
            let home = try TemporaryDirectory("pomclaw-home")
            defer { home.remove() }
            let bin = home.file(".local/bin")
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: bin + "/pomclaw", withDestinationPath: fixture.install.file("pomclaw"))
            let environment = fixture.environment.merging(["HOME": home.path]) { _, new in new }
            let directory = fixture.install.path
            let purge = try await onOwnThread {
                try PomclawProcess.run(
                    ["uninstall", "--purge", "--yes", "--yes-purge", "--api-token-file", fixture.apiTokenFile],
                    environment: environment, directory: directory, throttled: true)
            }
            #expect(purge.status == 0, "\(purge.stdout)\n\(purge.stderr)")
            #expect(purge.stdout.contains("removed        link \(bin)/pomclaw"), "\(purge.stdout)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: bin + "/pomclaw")) == nil)

            // A link to another pomclaw is not this install's to remove.
            try FileManager.default.createSymbolicLink(atPath: bin + "/pomclaw", withDestinationPath: "/bin/true")
            #expect(PomclawLink.links(to: InstallDirectory(directory), home: home.path).isEmpty)
        }
    }

    /// A `.gitignore` beside `.env` keeps the secrets out of git; one of the user's stays.
    @Test func installWritesAGitIgnoreWhenThereIsNone() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "\(install.stderr)")
            let ignore = try String(contentsOfFile: fixture.install.file(".gitignore"), encoding: .utf8)
            for line in [".env", "keys/", ".pomclaw/", "openclaw-data/"] {
                #expect(ignore.split(separator: "\n").contains(Substring(line)), "\(ignore)")
            }
            try Data("mine\n".utf8).write(to: URL(fileURLWithPath: fixture.install.file(".gitignore")))
            let again = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(again.status == 0)
            #expect(try String(contentsOfFile: fixture.install.file(".gitignore"), encoding: .utf8) == "mine\n")
        }
    }
}
