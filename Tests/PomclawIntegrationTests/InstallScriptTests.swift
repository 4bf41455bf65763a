import Foundation
import PomclawCLI
import PomclawTestSupport
import Testing

/// `curl -fsSL …/install.sh | bash` against a release made by `scripts/package.sh` from the
/// pomclaw binary under test, served by a loopback HTTP server. Docker is a fake on PATH;
/// nothing outside 127.0.0.1 is contacted. Serialized: each test starts a server and a dozen
/// processes, and all blocking work runs on threads of its own, off the concurrency pool.
@Suite(.serialized) struct InstallScriptTests {
    /// A loopback release server, the installer's tools and a working directory to run it in.
    struct Setup {
        let server: LoopbackHTTPServer
        let tools: InstallerTools
        let work: TemporaryDirectory
        var base: String { server.url(InstallScript.releasePath).absoluteString }

        init(routes: [String: LoopbackHTTPServer.Route] = [:]) async throws {
            server = try await LoopbackHTTPServer.start(routes: routes)
            let tools = try await onOwnThread {
                let tools = try InstallerTools()
                try tools.docker()
                return tools
            }
            self.tools = tools
            work = try TemporaryDirectory("pomclaw-install-work")
        }

        var environment: [String: String] { tools.environment(["POMCLAW_RELEASE_BASE": base]) }

        func run(
            _ arguments: [String] = [], script: Data? = nil, environment: [String: String]? = nil
        ) async throws -> ChildProcess.Result {
            let script = try script ?? InstallScript.bytes()
            let environment = environment ?? self.environment
            let directory = work.path
            return try await onOwnThread {
                try InstallScript.run(script: script, arguments, environment: environment, directory: directory)
            }
        }

        func remove() {
            server.stop()
            tools.remove()
            work.remove()
        }
    }

    static func release() async throws -> InstallScript.Release {
        try await onOwnThread { try InstallScript.release() }
    }

    @Test func handsOverToPomclawInstallOnTheTerminal() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let status = setup.work.file("status")
        let command = "trap : INT; cd \(TmuxSession.quoted(setup.work.path)) && cat \(TmuxSession.quoted(InstallScript.path)) | bash -s -- claw; "
            + "echo $? > \(TmuxSession.quoted(status))"
        // Should pomclaw get past its prompts, Zero is this loopback server, never the internet.
        let environment = setup.environment.merging(["POMCLAW_ZERO_API": setup.server.url("/api/v0").absoluteString]) { _, new in new }
        let screen = try await onOwnThread { () throws -> (prompt: String, final: String, status: String) in
            let session = try TmuxSession(command: command, environment: environment)
            defer { session.kill() }
            let prompt = try session.waitFor(TerminalPromptTests.zeroPrompt, timeout: .seconds(60))
            try session.press("C-c")
            let code = try session.waitForLine(in: status)
            return (prompt, try session.screen(), code)
        }
        #expect(screen.prompt.contains("[pomclaw] checksum verified"), "\(screen.prompt)")
        #expect(screen.prompt.contains("[pomclaw] starting: cd claw && ./pomclaw install"), "\(screen.prompt)")
        #expect(screen.status == "130", "pomclaw did not end as interrupted:\n\(screen.final)")

        let target = setup.work.file("claw")
        #expect(InstallScript.mode(target) == 0o700)
        for file in ["pomclaw", "compose.yaml", "docker/openclaw/Dockerfile", "docker/openclaw/entrypoint.sh", ".env.example", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: target + "/" + file), "\(file) is missing")
        }
        #expect(InstallScript.mode(target + "/pomclaw") == 0o755)
        #expect(InstallScript.mode(target + "/docker/openclaw/entrypoint.sh") == 0o755)
        for folder in ["config", "workspace", "pomerium-ssh"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: target + "/openclaw-data/" + folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
        // Interrupted at its first question: pomclaw wrote nothing yet.
        #expect(!FileManager.default.fileExists(atPath: target + "/.env"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.tools.temporary).isEmpty)
        let targets = setup.server.requests.map(\.target)
        #expect(targets == ["\(InstallScript.releasePath)/\(release.tarballName).sha256", "\(InstallScript.releasePath)/\(release.tarballName)"])
    }

    @Test func withoutTerminalSaysHowToContinueWithoutPrompts() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let result = try await setup.run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("[pomclaw] no terminal to ask for the tokens on"), "\(result.stderr)")
        #expect(result.stderr.contains("[pomclaw] pomclaw is not on PATH"), "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "cd pomclaw && ./pomclaw install --non-interactive --zero-token-file PATH --api-token-file PATH --operator-email EMAIL"),
            "\(result.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: setup.work.file("pomclaw/pomclaw")))
        #expect(InstallScript.mode(setup.work.file("pomclaw")) == 0o700)
        #expect(!FileManager.default.fileExists(atPath: setup.work.file("pomclaw/.env")), "pomclaw install ran")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.tools.temporary).isEmpty)
    }

    /// As rustup and flyctl do: with ~/.local/bin on PATH the installer links `pomclaw` there
    /// (the link then runs it from any directory) and says so; a link another install made
    /// stays; without the folder on PATH it says how to run pomclaw instead.
    @Test func linksPomclawIntoTheUsersBinFolderWhenThatIsOnPath() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let bin = setup.tools.folder.file(".local/bin")
        var environment = setup.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "")
        let linked = try await setup.run(environment: environment)
        #expect(linked.status == 0, "\(linked.stderr)")
        let target = try #require(realpath(setup.work.file("pomclaw/pomclaw"), nil).map { String(cString: $0) })
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: bin + "/pomclaw") == target)
        #expect(linked.stderr.contains("[pomclaw] linked \(bin)/pomclaw to it: `pomclaw` now works in any directory"), "\(linked.stderr)")
        let version = try ChildProcess.run(["/bin/sh", "-c", "cd / && pomclaw -v"], environment: environment, timeout: .seconds(30))
        #expect(version.stdout == PomclawVersion.current + "\n", "\(version.stderr)")

        let second = try await setup.run(["second"], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("\(bin)/pomclaw is another pomclaw and stays as it is: run this one as "), "\(second.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: bin + "/pomclaw") == target)
    }

    @Test func argumentsAfterTheDirectoryGoToPomclawInstall() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let result = try await setup.run(["here", "--help"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: pomclaw install"), "pomclaw install --help did not run:\n\(result.stdout)\n\(result.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: setup.work.file("here/pomclaw")))
    }

    @Test func wrongChecksumStopsBeforeAnythingIsUnpacked() async throws {
        let release = try await Self.release()
        let forged = String(repeating: "0", count: 64) + "  \(release.tarballName)\n"
        let setup = try await Setup(routes: InstallScript.routes(release, checksum: Data(forged.utf8)))
        defer { setup.remove() }
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("checksum mismatch for \(release.tarballName): nothing was unpacked or run"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.work.file("claw")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.tools.temporary).isEmpty)
    }

    @Test func existingInstallIsLeftAsItIsWithTheCommandToRun() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let first = try await setup.run(["claw"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = InstallScript.tree(setup.work.path)
        let requests = await setup.server.waitForRequests(2).count

        let second = try await setup.run(["claw"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("claw already exists and holds pomclaw: nothing was changed"), "\(second.stderr)")
        #expect(second.stderr.contains("To install or resume there, run: cd claw && ./pomclaw install"), "\(second.stderr)")
        #expect(InstallScript.tree(setup.work.path) == before)
        #expect(setup.server.requests.count == requests, "the second run downloaded")
    }

    @Test func existingFolderWithoutPomclawIsLeftAlone() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try FileManager.default.createDirectory(atPath: setup.work.file("mine"), withIntermediateDirectories: false)
        try "notes\n".write(toFile: setup.work.file("mine/notes.txt"), atomically: true, encoding: .utf8)
        let before = InstallScript.tree(setup.work.path)
        let result = try await setup.run(["mine"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("mine already exists: nothing was changed"), "\(result.stderr)")
        #expect(result.stderr.contains("| bash -s -- NEW_DIR"), "\(result.stderr)")
        #expect(InstallScript.tree(setup.work.path) == before)
        #expect(setup.server.requests.isEmpty)
    }

    /// Cut anywhere — every tenth of its bytes, right before the last line, inside the last
    /// line — the script runs nothing: no folder, no request, no message.
    @Test func truncatedScriptRunsNothing() async throws {
        let release = try await Self.release()
        let setup = try await Setup(routes: InstallScript.routes(release))
        defer { setup.remove() }
        let script = try InstallScript.bytes()
        let lastLine = Data("{ pomclaw_installer \"$@\"; }\n".utf8)
        #expect(script.suffix(lastLine.count) == lastLine, "install.sh must end with its one call")
        let lastLineStart = script.count - lastLine.count
        let cuts = (1...9).map { script.count * $0 / 10 }
            + [lastLineStart, lastLineStart + 1, lastLineStart + 19, lastLineStart + 24, script.count - 2]
        for cut in cuts {
            let result = try await setup.run(["claw"], script: script.prefix(cut))
            #expect(!result.stderr.contains("[pomclaw]"), "cut at \(cut) of \(script.count) ran:\n\(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty, "cut at \(cut) created files")
            #expect(try FileManager.default.contentsOfDirectory(atPath: setup.tools.temporary).isEmpty)
        }
        // The whole script downloads; requests are recorded in order, so any request of a cut
        // script would be among these.
        let whole = try await setup.run(["claw"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let requests = await setup.server.waitForRequests(2)
        #expect(requests.count == 2, "\(requests.map(\.target))")
    }

    @Test func missingDockerStopsWithTheDistributionsInstallCommand() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try FileManager.default.removeItem(atPath: setup.tools.bin + "/docker")
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[pomclaw] error: Docker is not installed (no docker command on PATH)."), "\(result.stderr)")
        if InstallScript.isDebianFamily {
            #expect(result.stderr.contains("apt-get update && "), "\(result.stderr)")
            #expect(result.stderr.contains("apt-get install -y docker.io docker-compose"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
        #expect(setup.server.requests.isEmpty)
    }

    @Test func missingComposeStopsWithItsInstallCommand() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try setup.tools.docker(compose: false)
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Docker Compose is missing"), "\(result.stderr)")
        if InstallScript.isDebianFamily {
            #expect(result.stderr.contains("apt-get install -y docker-compose"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
        #expect(setup.server.requests.isEmpty)
    }

    @Test func unreachableEngineStopsWithHowToStartIt() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try setup.tools.docker(engine: false)
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the Docker engine does not answer: Cannot connect to the Docker daemon"), "\(result.stderr)")
        #expect(result.stderr.contains("systemctl start docker"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
        #expect(setup.server.requests.isEmpty)
    }

    @Test func missingLibraryStopsWithItsPackage() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let real = ["/sbin/ldconfig", "/usr/sbin/ldconfig"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let ldconfig = try #require(real, "this machine has no ldconfig")
        let cache = try await onOwnThread { try ChildProcess.run([ldconfig, "-p"], environment: [:]) }
        let withoutCurl = cache.stdout.split(separator: "\n").filter { !$0.contains("libcurl.so.4 ") }.joined(separator: "\n")
        try (withoutCurl + "\n").write(toFile: setup.tools.folder.file("cache"), atomically: true, encoding: .utf8)
        try setup.tools.tool("ldconfig", "#!/bin/sh\ncat \(TmuxSession.quoted(setup.tools.folder.file("cache")))\n")
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pomclaw needs libraries this machine lacks: libcurl.so.4."), "\(result.stderr)")
        if InstallScript.isDebianFamily {
            #expect(result.stderr.contains("apt-get install -y libcurl4"), "\(result.stderr)")
        }
        #expect(setup.server.requests.isEmpty)

        // Without glibc (Alpine's musl) no package helps: it says so.
        try setup.tools.tool("ldconfig", "#!/bin/sh\nexit 0\n")
        let musl = try await setup.run(["claw"])
        #expect(musl.status == 1)
        #expect(musl.stderr.contains("needs the GNU C library (glibc)"), "\(musl.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
    }

    /// Plain http to anything but loopback is refused before curl runs: a curl that leaves a
    /// mark stands in, and no address outside 127.0.0.1 is ever contacted.
    @Test(arguments: [
        "http://192.0.2.1/releases/download/v0.1.0",
        "http://127.0.0.1@192.0.2.1/releases",
        "http://127.0.0.1.example/releases",
        "HTTP://192.0.2.1:80",
        "ftp://127.0.0.1/releases",
        "127.0.0.1/releases",
    ])
    func plainHTTPToOtherHostsIsRefusedBeforeAnyConnection(base: String) async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let mark = setup.tools.folder.file("curl-ran")
        try setup.tools.tool("curl", "#!/bin/sh\ntouch \(TmuxSession.quoted(mark))\nexit 7\n")
        let result = try await setup.run(["claw"], environment: setup.tools.environment(["POMCLAW_RELEASE_BASE": base]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("[pomclaw] error: "), "\(result.stderr)")
        #expect(result.stderr.contains("https://"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mark), "curl ran for \(base)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
    }

    @Test(arguments: [("Darwin", "arm64", "this is Darwin"), ("Linux", "armv7l", "this machine is armv7l")])
    func otherSystemsAreRefused(system: String, machine: String, message: String) async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try setup.tools.tool("uname", "#!/bin/sh\ncase \"$1\" in -s) echo \(system) ;; -m) echo \(machine) ;; esac\n")
        let result = try await setup.run(["claw"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work.path).isEmpty)
        #expect(setup.server.requests.isEmpty)
    }

    @Test func installScriptPinsThisVersion() throws {
        let text = String(decoding: try InstallScript.bytes(), as: UTF8.self)
        #expect(text.contains("local version=\"${POMCLAW_VERSION:-\(PomclawVersion.current)}\""))
        #expect(text.contains("https://github.com/pomclaw/pomclaw/releases/download/v${version}"))
    }

    /// The archive is reproducible and holds the install directory's files, owned by 0:0.
    @Test func packageIsReproducible() async throws {
        let release = try await Self.release()
        let again = try TemporaryDirectory("pomclaw-release-again")
        defer { again.remove() }
        let second = try await onOwnThread { try InstallScript.package(into: again.path) }
        #expect(second.tarballName == release.tarballName)
        #expect(second.tarball == release.tarball, "two packagings of one binary differ")
        #expect(second.checksum == release.checksum)
        let (machineOutput, digest, listing) = try await onOwnThread {
            (
                try ChildProcess.run(["/usr/bin/env", "uname", "-m"], environment: [:]).stdout,
                try ChildProcess.run(["/usr/bin/env", "sha256sum", "-"], environment: [:], stdin: release.tarball).stdout,
                try ChildProcess.run(
                    ["/usr/bin/env", "tar", "-tvzf", release.folder + "/" + release.tarballName], environment: ["LC_ALL": "C"])
            )
        }
        let machine = machineOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(release.tarballName == "pomclaw-\(PomclawVersion.current)-linux-\(machine).tar.gz")
        #expect(String(decoding: release.checksum, as: UTF8.self) == digest.replacingOccurrences(of: "  -", with: "  \(release.tarballName)"))

        let lines = listing.stdout.split(separator: "\n")
        let folder = release.tarballName.replacingOccurrences(of: ".tar.gz", with: "")
        let names = lines.compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(names == [
            "\(folder)/", "\(folder)/.env.example", "\(folder)/README.md", "\(folder)/compose.yaml", "\(folder)/docker/",
            "\(folder)/docker/openclaw/", "\(folder)/docker/openclaw/Dockerfile", "\(folder)/docker/openclaw/entrypoint.sh",
            "\(folder)/pomclaw",
        ])
        #expect(lines.allSatisfy { $0.contains(" 0/0 ") }, "\(listing.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: release.folder + "/install.sh"))
    }
}
