import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The `pomclaw` binary fed hostile values through every channel a setting comes from: the
/// command line, a token file, the environment and `.env`. Each value is either refused at
/// once (exit 1, one line naming the setting and a `Next:` line, nothing written, nothing sent
/// to Pomerium Zero) or carried as data through a whole install: no shell ever runs it (the
/// canary file never appears) and `.env` reads back the same in pomclaw and python-dotenv.
@Suite struct HostileInputProcessTests {
    /// The file a shell would create if any payload were ever interpreted by one.
    static let canary = "/tmp/pomclaw-hostile-canary-\(ProcessInfo.processInfo.processIdentifier)"

    enum Channel: String, Sendable, CaseIterable {
        /// `--flag=VALUE` (tokens: `--zero-token=`, `--api-token=`).
        case flag
        /// A file named by `--zero-token-file` / `--api-token-file`, holding the raw bytes.
        case file
        /// The environment variable.
        case environment
        /// A line `KEY=<raw bytes>` in the install's `.env`, as a hand edit would leave it.
        case dotenv
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var key: InputKey
        var channel: Channel
        var input: HostileInput
        var testDescription: String { "\(key.variable) by \(channel.rawValue): \(input.name)" }
        var carried: Bool { HostileInput.carried[key]!.contains(input.name) }
    }

    static let cases: [Case] = InputKey.allCases.flatMap { key in
        HostileInput.payloads(base: HostileInput.bases[key]!, canary: canary).flatMap { input in
            Channel.allCases.compactMap { channel -> Case? in
                if channel == .file && key.fileFlag == nil { return nil }
                if (channel == .flag || channel == .environment) && !input.fitsInArgv { return nil }
                return Case(key: key, channel: channel, input: input)
            }
        }
    }

    @Test(arguments: cases)
    func eachValueIsRefusedOnOneLineOrCarriedAsData(_ testCase: Case) async throws {
        try await CLIFixture.with { fixture in
            var run = try Self.prepare(testCase, fixture)
            // A whole install per carried value on the command line; through the other
            // channels the value takes the same path once resolved, so a dry run (login and
            // reads, nothing written) shows it was accepted and sent as data.
            let dryRun = testCase.channel == .dotenv || (testCase.carried && testCase.channel != .flag)
            if dryRun { run.arguments.append("--dry-run") }
            let result = try await Self.run(run, fixture)
            #expect(!FileManager.default.fileExists(atPath: Self.canary), "a shell ran a payload")
            try fixture.expectNoSecrets(in: [result])
            Self.expectPrintable(result)
            if testCase.channel == .dotenv {
                // Through .env only the value as the readers parse it counts.
                try Self.expectDotEnvOutcome(testCase, result, run, fixture)
            } else if testCase.carried {
                try Self.expectCarried(testCase, result, fixture, dryRun: dryRun)
            } else {
                try Self.expectRefused(testCase.key, result, fixture, leaving: [])
            }
        }
    }

    // MARK: - Token file paths

    struct PathCase: Sendable, CustomTestStringConvertible {
        var key: InputKey
        var input: HostileInput
        /// True: a file of that name exists and holds a good token; false: nothing is there.
        var exists: Bool
        var testDescription: String { "\(key.fileFlag!) \(exists ? "naming a file" : "naming nothing"): \(input.name)" }
    }

    static let pathCases: [PathCase] = [InputKey.zeroToken, .apiToken].flatMap { key in
        HostileInput.payloads(base: "token", canary: canary).filter(\.fitsInArgv).flatMap { input in
            [PathCase(key: key, input: input, exists: false), PathCase(key: key, input: input, exists: true)]
        }
    }

    /// A hostile path is data too: a file by that name is read (a dry run logs in and plans),
    /// no file is one line naming the option, and nothing is written.
    @Test(arguments: pathCases)
    func tokenFilePathsAreDataToo(_ testCase: PathCase) async throws {
        try await CLIFixture.with { fixture in
            var run = try Self.prepare(Case(key: testCase.key, channel: .file, input: testCase.input), fixture)
            let option = run.arguments.firstIndex(of: testCase.key.fileFlag!)!
            run.arguments[option + 1] = "@HOSTILE@"
            // A relative path, resolved in the install directory, that names nothing there...
            var path = testCase.input.bytes
            if testCase.exists {
                // ...or a file in the secrets directory whose name holds the payload (no `/`,
                // at most 200 bytes), holding the good token.
                let name = Array(testCase.input.bytes.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }.prefix(200))
                path = Array(fixture.secrets.path.utf8) + [UInt8(ascii: "/")] + name
                let token = testCase.key == .zeroToken ? fixture.zeroToken : fixture.apiToken
                try Self.writeFile(path, Array((token + "\n").utf8))
            }
            run.argument = path
            // A dry run: the token is read, checked and (the API token) used to log in.
            run.arguments.append("--dry-run")
            let result = try await Self.run(run, fixture)
            #expect(!FileManager.default.fileExists(atPath: Self.canary), "a shell ran a payload")
            Self.expectPrintable(result)
            try fixture.expectNoSecrets(in: [result])
            let flag = testCase.key.fileFlag!
            if testCase.input.text.hasPrefix("-") && !testCase.exists {
                // `--zero-token-file --help`: the parser takes it for an option, a usage error
                // (exit 64) that names the option; `--zero-token-file=--help` or `./--help`
                // would name the file.
                #expect(result.status == 64, "exit \(result.status): \(result.stderr.prefix(600))")
                #expect(result.stderr.split(separator: "\n").first?.contains(flag) == true, "\(result.stderr.prefix(600))")
                #expect(try fixture.installContents().isEmpty)
                #expect(fixture.sim.requests.isEmpty)
            } else if testCase.exists && testCase.input.name != "not UTF-8" {
                #expect(result.status == 2, "exit \(result.status): \(result.stderr.suffix(800))")
                #expect(fixture.sim.requests.contains { $0.path.hasSuffix("/token") && $0.status == 200 })
            } else {
                // Nothing there, or a name that is not UTF-8, which arguments cannot carry.
                try Self.expectRefused(testCase.key, result, fixture, leaving: [], naming: flag)
                if testCase.input.name == "not UTF-8" {
                    #expect(result.stderr.contains("the path is not UTF-8 text"), "\(result.stderr.prefix(600))")
                }
            }
        }
    }

    /// A path naming a device that never ends, a directory or an empty file: refused at once.
    @Test(arguments: ["/dev/zero", "/dev/urandom", "/", "/dev/null"])
    func tokenFilesThatAreNoTokenFilesAreRefused(_ path: String) async throws {
        try await CLIFixture.with { fixture in
            var arguments = fixture.arguments(["--non-interactive"])
            arguments[arguments.firstIndex(of: fixture.zeroTokenFile)!] = path
            // A device that never ends is read only up to the limit: the run ends (the child
            // process is killed, and the test fails, if it does not end within a minute).
            let result = try await fixture.run(arguments)
            try Self.expectRefused(.zeroToken, result, fixture, leaving: [])
        }
    }

    /// Creates a file at a path given as raw bytes (they need not be UTF-8), mode 0600.
    static func writeFile(_ path: [UInt8], _ contents: [UInt8]) throws {
        let fd = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o600) }
        }
        guard fd >= 0 else { throw FixtureError("could not create the hostile-named file (errno \(errno))") }
        defer { close(fd) }
        guard contents.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == contents.count else {
            throw FixtureError("could not write the hostile-named file")
        }
    }

    // MARK: - Running

    struct Run {
        var arguments: [String]
        /// The bytes that replace `@HOSTILE@` in `arguments`.
        var argument: [UInt8] = []
        /// Variables set to raw bytes.
        var environment: [String: [UInt8]]
        /// `.env` as written before the run (the `.env` channel only).
        var dotenv: [UInt8]?
    }

    /// The other settings supplied as a user would (tokens in files), the hostile one through
    /// its channel. A carried API token is made known to the simulator, so the login proves it
    /// arrived byte for byte.
    static func prepare(_ testCase: Case, _ fixture: CLIFixture) throws -> Run {
        var arguments = ["install", "--non-interactive"]
        var environment: [String: [UInt8]] = [:]
        var argument: [UInt8] = []
        var dotenv: [UInt8]?
        let good: [InputKey: String] = [
            .clusterDomain: fixture.clusters[0].fqdn, .operatorEmail: fixture.email,
        ]
        for key in InputKey.allCases where key != testCase.key {
            switch key {
            case .zeroToken: arguments += ["--zero-token-file", fixture.zeroTokenFile]
            case .apiToken: arguments += ["--api-token-file", fixture.apiTokenFile]
            case .openclawVersion: break
            default: arguments.append("\(key.flag)=\(good[key]!)")
            }
        }
        let bytes = testCase.input.bytes
        switch testCase.channel {
        case .flag:
            arguments.append("\(testCase.key.flag)=@HOSTILE@")
            argument = bytes
        case .file:
            let path = fixture.secrets.file("hostile.token")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            arguments += [testCase.key.fileFlag!, path]
        case .environment:
            environment[testCase.key.variable] = bytes
        case .dotenv:
            dotenv = Array("# hand-edited\n\(testCase.key.variable)=".utf8) + bytes + Array("\n".utf8)
            try Data(dotenv!).write(to: URL(fileURLWithPath: fixture.install.file(".env")))
            chmod(fixture.install.file(".env"), 0o600)
        }
        if testCase.key == .apiToken && testCase.carried {
            fixture.sim.addAPIToken(org: fixture.org, token: testCase.input.text)
        }
        return Run(arguments: arguments, argument: argument, environment: environment, dotenv: dotenv)
    }

    /// Launches pomclaw through a small exec wrapper that puts raw bytes (not UTF-8 ones too)
    /// in argv (`@HOSTILE@`) and the environment: Swift strings could not carry them. The
    /// bytes travel in files, since 100 KB of hex would not fit in one environment string.
    static func run(_ run: Run, _ fixture: CLIFixture) async throws -> PomclawProcess.Result {
        var environment = PomclawProcess.baseEnvironment.merging(fixture.environment) { _, new in new }
        let argumentFile = fixture.secrets.file("hostile.argument")
        try Data(run.argument).write(to: URL(fileURLWithPath: argumentFile))
        environment["HOSTILE_ARG_FILE"] = argumentFile
        if let (name, bytes) = run.environment.first {
            let variableFile = fixture.secrets.file("hostile.variable")
            try Data(bytes).write(to: URL(fileURLWithPath: variableFile))
            environment["HOSTILE_ENV_NAME"] = name
            environment["HOSTILE_ENV_FILE"] = variableFile
        }
        let argv = ["/usr/bin/python3", "-c", execWrapper, PomclawProcess.executable.path] + run.arguments
        let directory = fixture.install.path, childEnvironment = environment
        return try await onOwnThread {
            let result = try ChildProcess.run(
                argv, environment: childEnvironment, directory: directory, timeout: .seconds(180), throttled: true)
            return PomclawProcess.Result(status: result.status, stdout: result.stdout, stderr: result.stderr, duration: result.duration)
        }
    }

    /// Replaces `@HOSTILE@` inside argv with the bytes of the file `HOSTILE_ARG_FILE`, sets
    /// `HOSTILE_ENV_NAME` to the bytes of `HOSTILE_ENV_FILE`, then execs argv[1:].
    static let execWrapper = """
        import os, sys
        env = dict(os.environb)
        with open(env.pop(b"HOSTILE_ARG_FILE"), "rb") as f:
            arg = f.read()
        name = env.pop(b"HOSTILE_ENV_NAME", None)
        path = env.pop(b"HOSTILE_ENV_FILE", None)
        if name is not None:
            with open(path, "rb") as f:
                env[name] = f.read()
        argv = [os.fsencode(a).replace(b"@HOSTILE@", arg) for a in sys.argv[1:]]
        os.execve(argv[0], argv, env)
        """

    // MARK: - Expectations

    /// No byte of the output may drive a terminal: only line feeds and tabs among the controls.
    static func expectPrintable(_ result: PomclawProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let controls = text.unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
            #expect(controls.isEmpty, "\(name) holds control characters \(controls.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        }
    }

    /// Exit 1 at once; the error is one line naming the setting, then `Next:`; no line longer
    /// than a screen's width or two; the install directory holds only `leaving`, unchanged; no
    /// request reached Pomerium Zero.
    static func expectRefused(
        _ key: InputKey, _ result: PomclawProcess.Result, _ fixture: CLIFixture, leaving: [String],
        naming: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.prefix(600))", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let errorLine = lines.firstIndex { $0.contains("error:") }
        let named = [key.variable] + (naming.map { [$0] } ?? [])
        #expect(errorLine.map { line in named.allSatisfy { lines[line].contains($0) } } == true, "no error line names \(named):\n\(result.stderr.prefix(600))", sourceLocation: sourceLocation)
        if let errorLine {
            #expect(lines.indices.contains(errorLine + 1) && lines[errorLine + 1].contains("Next:"), "\(result.stderr.prefix(600))", sourceLocation: sourceLocation)
        }
        #expect(lines.allSatisfy { $0.count <= 300 }, "a line of \(lines.map(\.count).max() ?? 0) characters", sourceLocation: sourceLocation)
        #expect(try fixture.installContents().sorted() == leaving.sorted(), sourceLocation: sourceLocation)
        #expect(fixture.sim.requests.isEmpty, "\(fixture.sim.requests.map { "\($0.method) \($0.path)" })", sourceLocation: sourceLocation)
    }

    /// The install converged, and `.env` holds the value exactly (the API token: not at all),
    /// as pomclaw and python-dotenv both read it.
    static func expectCarried(
        _ testCase: Case, _ result: PomclawProcess.Result, _ fixture: CLIFixture, dryRun: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected = testCase.input.text
        let login = fixture.sim.requests.first { $0.path.hasSuffix("/token") }
        if testCase.key == .apiToken {
            #expect(login?.body.contains(jsonEscaped(expected)) == true, "the login did not carry the token as given", sourceLocation: sourceLocation)
        }
        if dryRun {
            #expect(result.status == 2, "exit \(result.status): \(result.stderr.suffix(800))", sourceLocation: sourceLocation)
            #expect(try fixture.installContents().isEmpty, sourceLocation: sourceLocation)
            if !testCase.key.isSecret {
                #expect(result.stdout.contains("\(testCase.key.variable)=\(expected)"), "\(result.stdout)", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(result.status == 0, "exit \(result.status): \(result.stderr.suffix(800))", sourceLocation: sourceLocation)
        let values = try readBack(fixture)
        switch testCase.key {
        case .apiToken:
            #expect(values[testCase.key.variable] == nil, sourceLocation: sourceLocation)
        default:
            #expect(values[testCase.key.variable] == expected, sourceLocation: sourceLocation)
        }
    }

    /// Through `.env`: the value as python-dotenv reads the hand-edited file is either refused
    /// (exit 1, `.env` byte for byte as it was) or carried (the dry run finds the rest to do,
    /// and `.env` reads the same in both readers).
    static func expectDotEnvOutcome(_ testCase: Case, _ result: PomclawProcess.Result, _ run: Run, _ fixture: CLIFixture) throws {
        let envFile = fixture.install.file(".env")
        if result.status == 0 || result.status == 2 {
            // Accepted: a value pomclaw carries, or a line pomclaw warned about (one it reads
            // differently from docker compose, or cannot read and leaves alone), or a line
            // break that ended the value before the payload.
            let warned = result.stderr.split(separator: "\n").contains {
                $0.contains("warning: .env line") && $0.contains(testCase.key.variable)
            }
            let values = try readBack(fixture, mayDiffer: warned ? [testCase.key.variable] : [])
            #expect(testCase.carried || warned || testCase.input.name.contains("line feed") || testCase.input.name.contains("carriage"),
                "pomclaw accepted \(testCase.key.variable) from .env as \(String(reflecting: values[testCase.key.variable])) without a warning")
        } else {
            // The error may name the line's setting or the file (a line .env cannot hold).
            let named = result.stderr.contains(testCase.key.variable) || result.stderr.contains(".env")
            #expect(named, "\(result.stderr.prefix(600))")
            #expect(result.status == 1, "exit \(result.status): \(result.stderr.prefix(600))")
            #expect(result.stderr.contains("Next:"))
            #expect(try fixture.installContents() == [".env"])
            #expect(FileManager.default.contents(atPath: envFile).map { Array($0) } == run.dotenv, ".env was changed")
            #expect(fixture.sim.requests.isEmpty)
        }
    }

    /// The managed keys of `.env` as pomclaw reads them, checked against python-dotenv: every
    /// key must read the same, except those in `mayDiffer` (lines pomclaw warned about).
    @discardableResult
    static func readBack(_ fixture: CLIFixture, mayDiffer: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let path = fixture.install.file(".env")
        let parsed = try DotEnvFile.read(from: path).values
        let keys = InputKey.allCases.map(\.variable)
        let scratch = try TemporaryDirectory("pomclaw-hostile-read")
        defer { scratch.remove() }
        let python = try DotEnvReaderTests.run(["python3", "-c", DotEnvReaderTests.pythonReader, path] + keys, in: scratch)
        #expect(python.status == 0, "python-dotenv: \(python.stderr)", sourceLocation: sourceLocation)
        for key in keys where !mayDiffer.contains(key) {
            #expect((python.values[key] ?? nil) == parsed[key], "\(key): python-dotenv \(String(reflecting: python.values[key] ?? nil)), pomclaw \(String(reflecting: parsed[key]))", sourceLocation: sourceLocation)
        }
        return parsed
    }

    static func jsonEscaped(_ text: String) -> String {
        String(String(decoding: JSONValue.string(text).encoded(), as: UTF8.self).dropFirst().dropLast())
    }
}
