import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `status` and `reset` through the binary, on the fake Docker host (the stand-in OpenClaw
/// CLI holds the gateway config): what they report and change, and that a later install
/// converges back.
@Suite(.serialized) struct StatusResetProcessTests {
    @Test func statusReportsEveryGroupAndResetThenInstallConvergesBack() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")

            // Without the API token at hand (and no terminal to ask on) the Zero group is
            // skipped: in place as far as checked, exit 3, and the last lines say what was not
            // checked.
            let plain = try await fixture.run(["status"])
            #expect(plain.status == 3, "status: \(plain.stdout)\n\(plain.stderr)")
            #expect(plain.stdout.contains("Everything checked is in place, but not everything was checked:\n"
                + "  not checked: Pomerium Zero (4 checks): no API token"), "\(plain.stdout)")
            for group in ["local files", "containers", "gateway auth", "Pomerium Zero"] {
                #expect(plain.stdout.contains(group + "\n"), "no group \(group):\n\(plain.stdout)")
            }
            #expect(plain.stdout.contains("  skipped  Pomerium Zero policy") || plain.stdout.contains("  skipped "))
            #expect(plain.stdout.contains("  ok       OpenClaw trusted-proxy auth: trusted-proxy via 172.30.0.10"), "\(plain.stdout)")

            // With it, every Zero object is checked too.
            let json = try await fixture.run(["status", "--json", "--api-token-file", fixture.apiTokenFile])
            #expect(json.status == 0, "status --json: \(json.stdout)\n\(json.stderr)")
            let document = try JSONValue.parse(Data(json.stdout.utf8)).objectValue
            #expect(document?["ok"] == .bool(true))
            let states = (document?["groups"]?.arrayValue ?? []).flatMap { $0.objectValue?["checks"]?.arrayValue ?? [] }
                .compactMap { $0.objectValue?["state"]?.stringValue }
            #expect(states.count == 12 && states.allSatisfy { $0 == "ok" }, "states: \(states)")

            let reset = try await fixture.run(["reset", "--yes"])
            #expect(reset.status == 0, "reset: \(reset.stderr)")
            let tokenLine = reset.stdout.split(separator: "\n").first { $0.hasPrefix("Gateway token (shown once") }
            let token = tokenLine.map { String($0.split(separator: " ").last ?? "") } ?? ""
            #expect(token.count == 43, "no token line in:\n\(reset.stdout)")
            #expect(!reset.stderr.contains(token))
            for call in try fixture.docker.calls() {
                #expect(!call.argv.joined(separator: " ").contains(token), "the token is in argv: \(call.argv)")
            }
            #expect(reset.stderr.contains("cleared OpenClaw's paired devices"))
            #expect(reset.stderr.contains("openclaw-gateway restarted with it and is answering again"))
            // The run log has every line shown, the token line with the token replaced.
            let resetLog = try fixture.expectRunLog("reset", without: [("the new gateway token", token)])
            #expect(resetLog.contains("Gateway token (shown once; store it now): <redacted>"), "\(resetLog)")
            #expect(resetLog.contains("openclaw-gateway restarted with it and is answering again"))

            let drifted = try await fixture.run(["status", "--json"])
            #expect(drifted.status == 1)
            let gateway = try JSONValue.parse(Data(drifted.stdout.utf8)).objectValue?["groups"]?.arrayValue?
                .first { $0.objectValue?["name"] == .string("gateway auth") }?.objectValue?["checks"]?.arrayValue?.first?.objectValue
            #expect(gateway?["state"] == .string("drifted"), "gateway auth after reset: \(String(describing: gateway))")

            let back = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(back.status == 0, "install after reset: \(back.stderr)")
            let again = try await fixture.run(["status"])
            #expect(again.status == 3, "status after install (no API token: in place as far as checked): \(again.stdout)")
            try fixture.expectNoSecrets(in: [install, plain, json, reset, drifted, back, again])
        }
    }

    @Test func resetWithoutATerminalOrYesRefusesAndChangesNothing() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            fixture.docker.clearCalls()
            let reset = try await fixture.run(["reset"])
            #expect(reset.status == 1)
            #expect(reset.stderr.contains("Re-run with --yes to confirm."), "\(reset.stderr)")
            #expect(try fixture.docker.calls().isEmpty)
            // Refused before the lock: no run log either.
            #expect(try fixture.runLogs("reset").isEmpty)
        }
    }
}

/// One pomclaw at a time: a run that finds another holding the install's lock stops at once
/// naming it, and a lock whose holder was killed is no obstacle.
@Suite(.serialized) struct RunLockProcessTests {
    @Test func anInstallWhileAnotherRunsIsRefusedAndAKilledHolderIsNoObstacle() async throws {
        try await CLIFixture.with { fixture in
            let lockPath = RunLock.path(InstallDirectory(fixture.install.path))
            try await Self.holdingTheLock(fixture.install.path) {
                let refused = try await fixture.run(fixture.arguments(["--yes"]))
                #expect(refused.status == 1)
                // The holder's command is spelled as it runs here (this binary's path: it is not on PATH).
                #expect(
                    refused.stderr.contains("Another pomclaw is changing this install right now (pid \(getpid()) running ")
                        && refused.stderr.contains("pomclaw install since"),
                    "\(refused.stderr)")
                #expect(try fixture.docker.calls().isEmpty)
                #expect(fixture.sim.policies(org: fixture.org).isEmpty)
            }

            // A holder killed with SIGKILL: the kernel drops its lock, the file stays.
            // One process that takes the lock and waits (flock(1) would leave its child holding it).
            let holdLock = "import fcntl, os, sys, time\nfcntl.flock(os.open(sys.argv[1], os.O_RDWR), fcntl.LOCK_EX)\ntime.sleep(60)"
            let holder = try RunningChild(["/usr/bin/python3", "-c", holdLock, lockPath], environment: [:])
            defer { holder.stop() }
            for _ in 0..<500 where !Self.isLocked(lockPath) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(Self.isLocked(lockPath), "the holder never took the lock: \(holder.errorOutput)")
            holder.stop()
            #expect(FileManager.default.fileExists(atPath: lockPath))
            let installed = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(installed.status == 0, "\(installed.stderr)")
        }
    }

    /// Whether another open file description holds an flock on `path` (probed and released
    /// at once).
    static func isLocked(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_SH | LOCK_NB) != 0
    }

    /// Runs `body` while this process holds the install's lock, and releases it after.
    static func holdingTheLock(_ directory: String, _ body: () async throws -> Void) async throws {
        let lock = try RunLock.acquire(InstallDirectory(directory), command: "install")
        try await body()
        withExtendedLifetime(lock) {}
    }
}
