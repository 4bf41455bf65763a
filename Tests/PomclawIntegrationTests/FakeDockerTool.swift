import Foundation
import PomclawCore
import PomclawTestSupport

/// A stand-in `docker` (and, for the standalone flavour, `docker-compose`) written into a
/// temporary directory that goes first on PATH. Each call that is not a version probe appends
/// one JSON line to a log: its argv, environment variable names, working directory, pid, open
/// descriptors, stdin and signal state. Then it acts on a `fake:` argument, if any:
/// `fake:lines:N`, `fake:big:BYTES`, `fake:sleep`, `fake:stubborn` (ignores SIGTERM),
/// `fake:fail`; otherwise it echoes stdin.
struct FakeDockerTool {
    /// A call the fake recorded.
    struct Call: Decodable {
        var argv: [String]
        var env: [String]
        var cwd: String
        var pid: Int32
        var fds: [String]
        var stdin: String
        var sigblk: String
        var sigign: String
    }

    let temporary: TemporaryDirectory
    let bin: String
    let installDirectory: InstallDirectory
    private let log: String

    /// `plugin`: `docker compose` works; else the Docker CLI refuses it and only a standalone
    /// `docker-compose` works.
    init(plugin: Bool) throws {
        temporary = try TemporaryDirectory("pomclaw-fake-docker")
        bin = temporary.file("bin")
        log = temporary.file("calls.jsonl")
        installDirectory = InstallDirectory(temporary.file("install dir"))
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: installDirectory.path, withIntermediateDirectories: false)
        try "services: {}\n".write(toFile: installDirectory.file("compose.yaml"), atomically: true, encoding: .utf8)
        try Self.install(Self.script(log: log, plugin: plugin), at: bin + "/docker")
        if !plugin { try Self.install(Self.script(log: log, plugin: false), at: bin + "/docker-compose") }
    }

    /// This process's environment with the fake first on PATH and every managed setting set to
    /// a value that must never reach a child.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? ExecutableSearch.defaultPath)
        for key in InputKey.allCases { environment[key.variable] = Self.leak(key) }
        return environment
    }

    /// The value `environment` gives `key`.
    static func leak(_ key: InputKey) -> String { "leak-\(key.variable.lowercased())-value" }

    /// Every call recorded so far.
    func calls() throws -> [Call] {
        guard let text = FileManager.default.contents(atPath: log) else { return [] }
        return try text.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Call.self, from: Data($0)) }
    }

    func remove() { temporary.remove() }

    private static func install(_ script: String, at path: String) throws {
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        guard chmod(path, 0o755) == 0 else { throw TestFailure("chmod \(path) failed") }
    }

    private static func script(log: String, plugin: Bool) -> String {
        """
        #!/usr/bin/python3
        import json, os, signal, sys, time
        args = sys.argv[1:]
        standalone = os.path.basename(sys.argv[0]) == "docker-compose"
        if not standalone and args[:1] == ["compose"] and not \(plugin ? "True" : "False"):
            # A Docker CLI without the plugin (observed on Docker CLI 20.10.24 and 28.2.2 with
            # the plugin removed): pomclaw's flags come first and are parsed as the CLI's own.
            if args[1:2] and args[1].startswith("-"):
                print("unknown flag: %s\\nSee 'docker --help'." % args[1], file=sys.stderr)
                sys.exit(125)
            print("docker: 'compose' is not a docker command.", file=sys.stderr)
            sys.exit(1)
        data = sys.stdin.buffer.read()
        status = {}
        for line in open("/proc/self/status"):
            name, _, value = line.partition(":")
            status[name] = value.strip()
        record = {"argv": sys.argv, "env": sorted(os.environ), "cwd": os.getcwd(), "pid": os.getpid(),
                  "fds": sorted(os.listdir("/proc/self/fd")), "stdin": data.decode("utf-8"),
                  "sigblk": status["SigBlk"], "sigign": status["SigIgn"]}
        with open(\(String(reflecting: log)), "a") as f:
            f.write(json.dumps(record) + "\\n")
        op = next((a[5:] for a in args if a.startswith("fake:")), "echo")
        if op.startswith("lines:"):
            for i in range(int(op[6:])):
                print("out %d" % i, flush=True)
                print("err %d" % i, file=sys.stderr, flush=True)
        elif op.startswith("big:"):
            size = int(op[4:])
            out, err = ("o" * 99 + "\\n").encode(), ("e" * 99 + "\\n").encode()
            for _ in range(size // 100):
                sys.stdout.buffer.write(out)
                sys.stderr.buffer.write(err)
            sys.stdout.flush()
        elif op in ("sleep", "stubborn"):
            if op == "stubborn":
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            print("ready", flush=True)
            time.sleep(60)
        elif op == "fail":
            print("starting", flush=True)
            print("Error: the fake broke", file=sys.stderr, flush=True)
            sys.exit(3)
        else:
            sys.stdout.buffer.write(data)
        """
    }
}
