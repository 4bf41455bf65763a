import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

#if canImport(Glibc)
    import Glibc
#endif

/// An install stopped anywhere — Ctrl-C or SIGKILL, before or after any step's check or apply,
/// in the middle of writing `.env` or a key — resumes: the next run ends where an
/// uninterrupted one would, with the keys the stopped run wrote (never generated twice) pushed
/// to the cluster, one policy and two routes, an intact `.env`, no temporary file left, and the
/// stack up.
///
/// The stops come from the debug-only crash points (`CrashPoint`), enumerated from the plan, so
/// a new step is covered without touching this test.
@Suite(.serialized) struct CrashResumeProcessTests {
    static let phases = ["check.before", "check.after", "apply.before", "apply.after"]

    /// The crash points of an install in chains: the points of one step (or one file, or the
    /// keys) in the order a run reaches them. Stopped at one point, the next run reaches the
    /// next point of its chain (what the stopped run left undone is still undone there).
    static var chains: [[String]] {
        let files = [".env"] + InstallKeySpec.all.map(\.name)
        return InstallPlan.steps.map { step in phases.map { "\(step.id).\($0)" } }
            + files.map { ["write.\($0).half", "write.\($0).rename"] }
            + [InstallKeySpec.all.map { "keys.after.\($0.name)" }]
    }

    /// Every crash point of an install.
    static var points: [String] { chains.flatMap { $0 } }

    /// On a fresh install these steps find nothing to do, so their apply is never reached.
    static let idleOnAFreshInstall: Set<String> = ["legacy-compose"]

    /// On a fresh install the gateway starts with the config pomclaw wrote before its first
    /// start, so the trusted-proxy step finds it in place. Its chains start from a gateway
    /// config of the gateway's own (as after `pomclaw reset`, or an install the original
    /// installer made), which that step then has to change through the OpenClaw CLI.
    static let startFromTheGatewaysOwnConfig: Set<String> = ["trusted-proxy"]

    /// On a fresh install there is no workspace in the config mount to move. The workspace
    /// step's chains start from one an older install's gateway wrote there, which must end up,
    /// whole, in openclaw-data/workspace.
    static let startWithAnOldWorkspace: Set<String> = ["workspace"]

    struct Crash: Sendable, CustomStringConvertible {
        var point: String
        var signal: String
        var description: String { "\(point) (SIG\(signal))" }
    }

    struct Outcome: Sendable {
        var reached: [String: Bool] = [:]
        var failures: [String] = []
    }

    /// Each chain runs twice in a fresh install, its points stopped with SIGINT and SIGKILL in
    /// turn, then swapped: every point meets both signals, and each stopped run is resumed by
    /// the next (which stops at the next point) until a last run completes.
    @Test func anInstallStoppedAtAnyPointResumesToTheSameEndState() async throws {
        let signals = [["INT", "KILL"], ["KILL", "INT"]]
        let runs: [[Crash]] = Self.chains.flatMap { chain in
            signals.map { pair in chain.enumerated().map { Crash(point: $1, signal: pair[$0 % 2]) } }
        }
        #expect(Self.points.count >= 60, "\(Self.points)")
        let clock = ContinuousClock()
        let started = clock.now
        // A few at a time: each chain is its own simulator, fake Docker host and directory.
        let width = 4
        var outcomes: [Outcome] = []
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var pending = runs[...]
            for _ in 0..<width {
                if let next = pending.popFirst() { group.addTask { try await Self.run(next) } }
            }
            while let done = try await group.next() {
                outcomes.append(done)
                if let next = pending.popFirst() { group.addTask { try await Self.run(next) } }
            }
        }
        let elapsed = clock.now - started
        let stops = runs.map(\.count).reduce(0, +)
        print("crash matrix: \(Self.points.count) points × 2 signals = \(stops) stops in \(runs.count) chains, \(elapsed)")

        var reached: [String: Bool] = [:]
        for outcome in outcomes {
            for failure in outcome.failures { Issue.record("\(failure)") }
            reached.merge(outcome.reached) { $0 && $1 }
        }
        #expect(reached.count == stops, "\(reached.count) of \(stops) stops ran")
        for (crash, wasReached) in reached where !wasReached {
            let step = crash.split(separator: ".").first.map(String.init) ?? ""
            if !(Self.idleOnAFreshInstall.contains(step) && crash.contains(".apply.")) {
                Issue.record("\(crash): the point was never reached")
            }
        }
    }

    /// One chain of stopped installs in a fresh fixture and the run that completes it; what
    /// went wrong, as readable lines naming the stop.
    static func run(_ chain: [Crash]) async throws -> Outcome {
        try await CLIFixture.with { fixture in
            var outcome = Outcome()
            let directory = fixture.install.path
            let arguments = fixture.arguments(["--yes"])
            var keysSoFar: [String: String] = [:]
            if let step = chain.first?.point.split(separator: ".").first, Self.startFromTheGatewaysOwnConfig.contains(String(step)) {
                let folder = directory + "/openclaw-data/config/.openclaw"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(#"{"gateway":{"mode":"local","auth":{"mode":"token","token":"set-by-the-gateway"}}}"#.utf8)
                    .write(to: URL(fileURLWithPath: folder + "/openclaw.json"))
            }
            let oldWorkspace = chain.first?.point.split(separator: ".").first.map { Self.startWithAnOldWorkspace.contains(String($0)) } ?? false
            if oldWorkspace {
                let folder = directory + "/" + WorkspaceStep.oldPath + "/memory"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data("notes\n".utf8).write(to: URL(fileURLWithPath: folder + "/2026-12-01.md"))
            }
            for crash in chain {
                var environment = fixture.environment
                environment["POMCLAW_CRASH_AT"] = crash.point
                environment["POMCLAW_CRASH_SIGNAL"] = crash.signal
                let crashing = environment
                let stopped: PomclawProcess.Result
                do {
                    stopped = try await onOwnThread {
                        try PomclawProcess.run(arguments, environment: crashing, directory: directory, timeout: .seconds(180), throttled: true)
                    }
                } catch {
                    outcome.failures.append("\(crash): \(error)")
                    return outcome
                }
                let reached = stopped.stderr.contains("[pomclaw] crash point \(crash.point)\n")
                outcome.reached[crash.description] = reached
                if reached {
                    let expected: Int32 = crash.signal == "INT" ? 130 : 128 + SIGKILL
                    if stopped.status != expected {
                        outcome.failures.append("\(crash): the stopped run exited \(stopped.status), not \(expected)")
                    }
                    if crash.signal == "INT", !stopped.stderr.contains("interrupted; run pomclaw again to resume") {
                        outcome.failures.append("\(crash): no resume hint after Ctrl-C:\n\(stopped.stderr)")
                    }
                } else if stopped.status != 0 {
                    outcome.failures.append("\(crash): the run (point not reached) failed: \(stopped.stderr)")
                }
                let keys = Self.privateKeys(directory)
                for (name, text) in keysSoFar where keys[name] != text {
                    outcome.failures.append("\(crash): keys/\(name) was regenerated after an earlier stop")
                }
                keysSoFar = keys
            }
            let last = chain.last.map(\.description) ?? ""
            func fail(_ text: String) { outcome.failures.append("after \(last): \(text)") }

            // Exit 0 means every step's check after its apply found nothing left to do.
            let plain = fixture.environment
            let resumed: PomclawProcess.Result
            do {
                resumed = try await onOwnThread {
                    try PomclawProcess.run(arguments, environment: plain, directory: directory, timeout: .seconds(180), throttled: true)
                }
            } catch {
                fail("the re-run: \(error)")
                return outcome
            }
            if resumed.status != 0 {
                fail("the re-run failed (\(resumed.status)):\n\(resumed.stderr)")
                return outcome
            }
            let keys = Self.privateKeys(directory)
            if keys.count != InstallKeySpec.all.count { fail("keys after the re-run: \(keys.keys.sorted())") }
            for (name, text) in keysSoFar where keys[name] != text {
                fail("keys/\(name) was regenerated by the re-run")
            }
            let settings = fixture.sim.settings(cluster: fixture.clusters[0])
            let trimmed = { (text: String?) in text?.trimmingCharacters(in: .whitespacesAndNewlines) }
            if trimmed(settings["sshUserCaKey"]?.stringValue) != trimmed(keys[InstallKeySpec.userCA.name]) {
                fail("the cluster's user CA is not keys/\(InstallKeySpec.userCA.name)")
            }
            let pushedHostKeys = (settings["sshHostKeys"]?.arrayValue ?? []).map { trimmed($0.stringValue) }
            if pushedHostKeys != InstallKeySpec.hostKeys.map({ trimmed(keys[$0.name]) }) {
                fail("the cluster's host keys are not those in keys/")
            }
            if oldWorkspace,
                FileManager.default.contents(atPath: directory + "/" + WorkspaceStep.path + "/memory/2026-12-01.md") != Data("notes\n".utf8)
            {
                fail("the old workspace is not in \(WorkspaceStep.path)")
            }
            let policies = fixture.sim.policies(org: fixture.org).count
            let routes = fixture.sim.routes(org: fixture.org).count
            if policies != 1 || routes != 2 { fail("\(policies) policies and \(routes) routes") }

            let env = directory + "/.env"
            if let file = try? DotEnvFile.read(from: env) {
                if file.values["POMERIUM_ZERO_TOKEN"] != fixture.zeroToken { fail(".env lost the cluster token") }
                if file.values["OPERATOR_EMAIL"] != fixture.email { fail(".env lost the email") }
            } else {
                fail(".env cannot be read")
            }
            if Self.mode(env) != 0o600 { fail(".env has mode \(String(Self.mode(env), radix: 8))") }
            if Self.mode(directory) != 0o700 { fail("the install directory has mode \(String(Self.mode(directory), radix: 8))") }
            let leftovers = Self.files(directory).filter { ($0 as NSString).lastPathComponent.contains(".pomclaw-") }
            if !leftovers.isEmpty { fail("temporary files left: \(leftovers)") }

            for service in ["pomerium", "openclaw-gateway", "verify"] {
                if (try fixture.docker.container(service)?["running"] as? Bool) != true {
                    fail("\(service) is not running")
                }
            }
            return outcome
        }
    }

    /// SIGTERM or SIGINT sent to pomclaw alone (not its process group, as `kill` or a service
    /// manager sends it) while an image build runs: the build is stopped too, pomclaw exits
    /// 130, and a re-run converges.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalToPomclawAloneStopsTheChildItStarted(signal: Int32) async throws {
        try await CLIFixture.with { fixture in
            var environment = fixture.environment
            environment["FAKE_DOCKER_BUILD_MS"] = "60000"
            let run = try BackgroundPomclaw(
                fixture.arguments(["--yes"]), environment: environment, directory: fixture.install.path)
            let build = try await Self.waitForDescendant(of: run.pid) { $0.cmdline.contains("build") }
            kill(run.pid, signal)
            let status = try await onOwnThread { try run.wait() }
            #expect(status == 130, "\(run.stderr)")
            #expect(run.stderr.contains("interrupted; run pomclaw again to resume"))
            #expect(!ProcessTree.isRunning(build.pid), "the build (pid \(build.pid)) outlived pomclaw")

            let resumed = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(resumed.status == 0, "\(resumed.stderr)")
        }
    }

    /// A signal whose handler runs on another thread the moment a child has started, before
    /// pomclaw has recorded its pid, still stops that child: here the image build, at the crash
    /// point `spawned.openclaw-gateway` (the first child with that last argument), where the
    /// spawning thread sends SIGTERM and pauses a second before it records the pid.
    @Test func aSignalAsAChildStartsStopsThatChildToo() async throws {
        try await CLIFixture.with { fixture in
            var environment = fixture.environment
            environment["FAKE_DOCKER_BUILD_MS"] = "60000"
            environment["POMCLAW_CRASH_AT"] = "spawned.openclaw-gateway"
            environment["POMCLAW_CRASH_SIGNAL"] = "TERM"
            let arguments = fixture.arguments(["--yes"]), directory = fixture.install.path, crashing = environment
            let stopped = try await onOwnThread {
                try PomclawProcess.run(arguments, environment: crashing, directory: directory, timeout: .seconds(120), throttled: true)
            }
            #expect(stopped.status == 130, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("[pomclaw] crash point spawned.openclaw-gateway\n"), "\(stopped.stderr)")
            let survivors = ProcessTree.working(in: directory)
            #expect(survivors.isEmpty, "left running in the install directory: \(survivors.map(\.cmdline))")
            for survivor in survivors { kill(survivor.pid, SIGKILL) }

            let resumed = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(resumed.status == 0, "\(resumed.stderr)")
        }
    }

    /// SIGKILL from outside while a Zero API request hangs: nothing can run, yet the re-run
    /// takes the install over (the run lock died with the process) and converges.
    @Test func aKillDuringASlowZeroRequestResumes() async throws {
        try await CLIFixture.with { fixture in
            fixture.sim.inject("GET /api/v0/organizations/*/routes", count: 1, .latency(seconds: 8))
            let run = try BackgroundPomclaw(
                fixture.arguments(["--yes"]), environment: fixture.environment, directory: fixture.install.path)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while !fixture.sim.pendingFaults.isEmpty, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(fixture.sim.pendingFaults.isEmpty, "the slow request never came")
            kill(run.pid, SIGKILL)
            let status = try await onOwnThread { try run.wait() }
            #expect(status == 128 + SIGKILL)

            let resumed = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(fixture.sim.policies(org: fixture.org).count == 1)
            #expect(fixture.sim.routes(org: fixture.org).count == 2)
        }
    }

    /// Polls /proc until a descendant of `root` matches (a test waiting for a real process).
    static func waitForDescendant(
        of root: pid_t, matching: @escaping @Sendable (ProcessTree.Entry) -> Bool
    ) async throws -> ProcessTree.Entry {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            if let found = ProcessTree.descendants(of: root).first(where: matching) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("no such child of pid \(root) within 60 s")
    }

    static func privateKeys(_ directory: String) -> [String: String] {
        var keys: [String: String] = [:]
        for spec in InstallKeySpec.all {
            if let data = FileManager.default.contents(atPath: directory + "/keys/" + spec.name) {
                keys[spec.name] = String(decoding: data, as: UTF8.self)
            }
        }
        return keys
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    /// Every path under `directory`, relative to it.
    static func files(_ directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
    }
}
