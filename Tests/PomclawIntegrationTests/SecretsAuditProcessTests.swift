import Foundation
import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing
import ZeroSimulator

#if canImport(Glibc)
    import Glibc
#endif

/// Where a secret could leak while pomclaw runs, watched during a whole install, status, reset,
/// re-install and uninstall: no child's argv or environment holds one (seen by the fake
/// `docker` at every call, and by sampling /proc for every descendant of this test), no line of
/// output does, and every file holding one is 0600 inside a 0700 directory at every moment it
/// exists (sampled from here, temporary files of atomic writes included, and seen by the fake
/// `docker` at every call).
@Suite(.serialized) struct SecretsAuditProcessTests {
    @Test func noSecretReachesArgvEnvironmentOutputOrAReadableFile() async throws {
        try await CLIFixture.with { fixture in
            let audit = fixture.docker.folder.file("audit.jsonl")
            var environment = fixture.environment
            environment["FAKE_DOCKER_AUDIT"] = audit
            environment["FAKE_DOCKER_AUDIT_DIR"] = fixture.install.path
            let directory = fixture.install.path
            let audited = environment
            // As `mkdir ~/openclaw` leaves it: pomclaw must close it before .env is written.
            chmod(directory, 0o755)
            let sampler = InstallSampler(directory: directory)
            sampler.start()

            func run(_ arguments: [String]) async throws -> PomclawProcess.Result {
                try await onOwnThread { try PomclawProcess.run(arguments, environment: audited, directory: directory, throttled: true) }
            }
            let install = try await run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let status = try await run(["status", "--api-token-file", fixture.apiTokenFile])
            #expect(status.status == 0, "status: \(status.stdout)")
            let reset = try await run(["reset", "--yes"])
            #expect(reset.status == 0, "reset: \(reset.stderr)")
            let back = try await run(fixture.arguments(["--yes"]))
            #expect(back.status == 0, "install after reset: \(back.stderr)")
            let uninstall = try await run(["uninstall", "--yes", "--api-token-file", fixture.apiTokenFile])
            #expect(uninstall.status == 0, "uninstall: \(uninstall.stdout)\n\(uninstall.stderr)")
            let sampled = sampler.stop()

            let tokenLine = reset.stdout.split(separator: "\n").first { $0.hasPrefix("Gateway token (shown once") }
            let resetToken = tokenLine.map { String($0.split(separator: " ").last ?? "") } ?? ""
            #expect(resetToken.count == 43, "no token line in:\n\(reset.stdout)")

            // Output: the reset token only on reset's own stdout, where it is meant to be.
            try fixture.expectNoSecrets(in: [install, status, back, uninstall], extra: [("the reset token", resetToken)])
            try fixture.expectNoSecrets(in: [reset])
            #expect(!reset.stderr.contains(resetToken))

            var secrets = [("the cluster token", fixture.zeroToken), ("the API token", fixture.apiToken),
                           ("the reset token", resetToken)]
            secrets += fixture.sim.issuedIDTokens.map { ("an issued ID token", $0) }
            // A private key file also holds its public key: a line that is part of the .pub
            // (base64 lined up by chance) is public.
            for spec in InstallKeySpec.all {
                let text = try String(contentsOfFile: directory + "/keys/" + spec.name, encoding: .utf8)
                let publicKey = try String(contentsOfFile: directory + "/keys/" + spec.name + ".pub", encoding: .utf8)
                secrets += text.split(separator: "\n").filter { $0.count >= 20 && !$0.hasPrefix("-----") }
                    .filter { !publicKey.contains($0) }
                    .map { ("a line of keys/\(spec.name)", String($0)) }
            }

            // Processes: every descendant the sampler saw, and every docker call as it saw itself.
            let records = try FakeDockerAudit.records(audit)
            #expect(records.count > 20, "the fake docker audited \(records.count) calls")
            #expect(sampled.processes.contains { $0.contains("docker") }, "the sampler never saw a docker child")
            for text in sampled.processes.union(records.flatMap { $0.cmdline + $0.environ }) {
                for (what, secret) in secrets where text.contains(secret) {
                    Issue.record("\(what) in a child's argv or environment: \(text.prefix(120))")
                }
            }

            // Files: at every moment the sampler or a docker call saw the directory.
            let snapshots = sampled.snapshots + records.map(\.snapshot)
            #expect(sampled.snapshots.contains { $0.entries.contains { $0.path == ".env" } })
            var checkedFiles = Set<String>()
            for snapshot in snapshots {
                for problem in snapshot.exposures(of: secrets) { Issue.record("\(problem)") }
                for entry in snapshot.entries where entry.content != nil && snapshot.holdsSecret(entry, secrets) {
                    checkedFiles.insert(entry.path)
                }
            }
            #expect(checkedFiles.contains(".env") && checkedFiles.contains("keys/pomerium_user_ca_key"), "\(checkedFiles)")
            print("secrets audit: \(snapshots.count) directory snapshots, \(sampled.processes.count) process strings, \(records.count) docker calls; files holding a secret: \(checkedFiles.sorted())")
        }
    }
}

/// The install directory at one moment: each entry's path (relative), mode and, for a file, its
/// content.
struct DirectorySnapshot: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        var path: String
        var mode: mode_t
        var content: Data?
    }

    var entries: [Entry]

    func holdsSecret(_ entry: Entry, _ secrets: [(String, String)]) -> Bool {
        guard let content = entry.content else { return false }
        let text = String(decoding: content, as: UTF8.self)
        return secrets.contains { text.contains($0.1) }
    }

    /// A file holding a secret that is readable by others, or in no directory closed to them.
    /// OpenClaw's own files (written by the gateway inside its container) are held to the
    /// directory rule only.
    func exposures(of secrets: [(String, String)]) -> [String] {
        let directories = Dictionary(entries.filter { $0.content == nil }.map { ($0.path, $0.mode) }) { first, _ in first }
        var problems: [String] = []
        for entry in entries where holdsSecret(entry, secrets) {
            let ownedByOpenClaw = entry.path.hasPrefix("openclaw-data/config/")
            if !ownedByOpenClaw, entry.mode & 0o077 != 0 {
                problems.append("\(entry.path) holds a secret with mode \(String(entry.mode, radix: 8))")
            }
            var ancestors: [String] = []
            var parent = (entry.path as NSString).deletingLastPathComponent
            while !parent.isEmpty {
                ancestors.append(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
            ancestors.append(".")
            if !ancestors.contains(where: { directories[$0].map { $0 & 0o077 == 0 } ?? false }) {
                let modes = ancestors.map { "\($0) \(directories[$0].map { String($0, radix: 8) } ?? "?")" }
                problems.append("\(entry.path) holds a secret in no private directory (\(modes.joined(separator: ", ")))")
            }
        }
        return problems
    }
}

/// Samples, on a thread of its own until stopped, the install directory (modes and contents)
/// and the argv and environment of every descendant of this process.
final class InstallSampler: Sendable {
    struct Sampled: Sendable {
        var snapshots: [DirectorySnapshot]
        var processes: Set<String>
    }

    private let directory: String
    private let state = Mutex<(stop: Bool, snapshots: Set<DirectorySnapshot>, processes: Set<String>)>((false, [], []))
    private let finished = DispatchSemaphore(value: 0)

    init(directory: String) { self.directory = directory }

    func start() {
        Thread { [self] in
            while !state.withLock({ $0.stop }) {
                let snapshot = Self.snapshot(directory)
                var strings = Set<String>()
                for child in ProcessTree.descendants(of: getpid()) {
                    strings.formUnion(child.cmdline)
                    strings.formUnion(ProcessTree.strings(ProcessTree.read("/proc/\(child.pid)/environ")))
                }
                state.withLock {
                    $0.snapshots.insert(snapshot)
                    $0.processes.formUnion(strings)
                }
                usleep(2_000)
            }
            finished.signal()
        }.start()
    }

    func stop() -> Sampled {
        state.withLock { $0.stop = true }
        finished.wait()
        return state.withLock { Sampled(snapshots: Array($0.snapshots), processes: $0.processes) }
    }

    static func snapshot(_ root: String) -> DirectorySnapshot {
        var entries: [DirectorySnapshot.Entry] = []
        var pending = ["."]
        while let relative = pending.popLast() {
            let full = relative == "." ? root : root + "/" + relative
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            if info.st_mode & S_IFMT == S_IFDIR {
                entries.append(.init(path: relative, mode: mode, content: nil))
                for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
                    pending.append(relative == "." ? name : relative + "/" + name)
                }
            } else if info.st_mode & S_IFMT == S_IFREG {
                guard let content = FileManager.default.contents(atPath: full) else { continue }
                entries.append(.init(path: relative, mode: mode, content: content))
            }
        }
        return DirectorySnapshot(entries: entries.sorted { $0.path < $1.path })
    }
}

/// What the fake `docker` recorded with FAKE_DOCKER_AUDIT set.
struct FakeDockerAudit: Sendable {
    var cmdline: [String]
    var environ: [String]
    var snapshot: DirectorySnapshot

    private struct Record: Decodable {
        struct File: Decodable {
            var path: String
            var mode: UInt32
            var dir: Bool?
            var sha: String?
        }

        var cmdline: [String]
        var environ: [String]
        var files: [File]
    }

    static func records(_ path: String) throws -> [FakeDockerAudit] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let record = try JSONDecoder().decode(Record.self, from: Data(line))
            let entries = record.files.map { file in
                DirectorySnapshot.Entry(
                    path: file.path, mode: mode_t(file.mode),
                    content: file.sha.map { FileManager.default.contents(atPath: path + ".blobs/" + $0) ?? Data() })
            }
            return FakeDockerAudit(cmdline: record.cmdline, environ: record.environ, snapshot: DirectorySnapshot(entries: entries))
        }
    }
}
