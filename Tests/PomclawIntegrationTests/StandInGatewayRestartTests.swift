import Foundation
import PomclawTestSupport
import Testing

/// The stand-in gateway on the host when its config changes: a gateway.* change restarts it in
/// process (WebSockets closed with 1012, /readyz 503 while draining from 2026.6.11, the
/// listener closed, then serving again with the new config, same PID); other changes do not;
/// a config it cannot start with ends it; a supervisor marker makes the restart an exit 0.
@Suite struct StandInGatewayRestartTests {
    static let tokenConfig =
        #"{"gateway": {"mode": "local", "auth": {"mode": "token", "token": "t0ken"}}}"#

    @Test func aGatewayChangeRestartsInProcess() throws {
        try StandInOpenClaw.withGateway("2026.6.11", config: Self.tokenConfig, restartSeconds: "2") {
            (openclaw, gateway) throws in
            let ready = openclaw.scratch.file("session-ready")
            let session = ControlUIHandshakeInBackground(
                gateway.url,
                extra: ["--client", "cli:cli", "--token", "t0ken", "--wait-close", "30", "--ready", ready])
            #expect(waitForFile(ready), "the WebSocket session never opened")

            let set = try openclaw.cli(["config", "set", "gateway.auth.token", "n3w"])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(gateway.poll("/readyz") { $0 == 503 }, "/readyz never answered 503 while draining")
            #expect(gateway.poll("/healthz") { $0 == nil }, "the listener never closed")
            #expect(gateway.poll("/readyz") { $0 == 200 }, "the gateway did not come back")
            #expect(gateway.waitForLog("restart mode: in-process restart"))
            #expect(
                gateway.log.contains(
                    "[reload] config change requires gateway restart (gateway.auth.token)"), "\(gateway.log)")
            #expect(gateway.log.contains("[gateway] received SIGUSR1; restarting"))
            #expect(
                gateway.log.components(separatedBy: "(PID \(gateway.child.pid))").count == 3,
                "not the same process: \(gateway.log)")

            let closed = try session.outcome()
            #expect(closed.admitted, "\(closed)")
            #expect(closed.closeCode == 1012, "\(closed)")
            // The new config is the one in force: the old token no longer gets in.
            let old = try gateway.handshake(extra: ["--client", "cli:cli", "--token", "t0ken"])
            #expect(old.authReason == "token_mismatch", "\(old)")
            #expect(try gateway.handshake(extra: ["--client", "cli:cli", "--token", "n3w"]).admitted)
        }
    }

    /// Before 2026.6.11 /readyz stays 200 while the restart drains.
    @Test func before2026_6_11ReadinessIgnoresTheDrain() throws {
        try StandInOpenClaw.withGateway("2026.6.5", config: Self.tokenConfig, drainMilliseconds: "1500") {
            (openclaw, gateway) throws in
            #expect(try openclaw.cli(["config", "set", "gateway.auth.token", "n3w"]).status == 0)
            #expect(gateway.waitForLog("received SIGUSR1; restarting"))
            #expect(try gateway.http("/readyz").status == 200, "drain reported on 2026.6.5")
            #expect(gateway.poll("/healthz") { $0 == nil })
            #expect(gateway.poll("/healthz") { $0 == 200 })
        }
    }

    /// A change outside gateway.* applies without a restart; an invalid edit is skipped.
    @Test func otherChangesAndInvalidEditsDoNotRestart() throws {
        try StandInOpenClaw.withGateway(config: Self.tokenConfig) { (openclaw, gateway) throws in
            #expect(
                try openclaw.cli(["config", "set", "agents.defaults.workspace", "/claw/workspace"]).status
                    == 0)
            #expect(gateway.waitForLog("evaluating reload (agents, meta)"), "\(gateway.log)")
            try openclaw.write(
                #"{"gateway": {"mode": "local", "auth": {"mode": "token", "token": "t0ken"}, "bind": "everywhere"}}"#
            )
            #expect(
                gateway.waitForLog("config reload skipped (invalid config): gateway.bind"), "\(gateway.log)"
            )
            #expect(!gateway.log.contains("restarting"), "\(gateway.log)")
            #expect(try gateway.http("/healthz").status == 200)
        }
    }

    /// A restart into a config the gateway cannot start with ends the process with that
    /// start error: here gateway.mode=remote, exit 78.
    @Test func aRestartIntoABadConfigEndsTheProcessWithTheStartError() throws {
        try StandInOpenClaw.withGateway(config: Self.tokenConfig) { (openclaw, gateway) throws in
            #expect(try openclaw.cli(["config", "set", "gateway.mode", "remote"]).status == 0)
            #expect(gateway.child.wait(timeout: .seconds(30)) == 78)
            #expect(
                gateway.child.errorOutput.hasPrefix(
                    "Gateway start blocked: set gateway.mode=local (current: remote)"))
        }
    }

    /// Under a supervisor (INVOCATION_ID and the like) a config restart exits 0 for the
    /// supervisor to start it again.
    @Test func underASupervisorAConfigRestartExitsZero() throws {
        try StandInOpenClaw.withGateway(
            config: Self.tokenConfig, env: ["INVOCATION_ID": "0123456789abcdef"]
        ) { (openclaw, gateway) throws in
            #expect(try openclaw.cli(["config", "set", "gateway.auth.token", "n3w"]).status == 0)
            #expect(gateway.child.wait(timeout: .seconds(30)) == 0)
            #expect(
                gateway.waitForLog("restart mode: full process restart (supervisor restart)"),
                "\(gateway.log)")
        }
    }
}

/// True once `path` exists, polling for up to 30 s.
func waitForFile(_ path: String, timeout: Duration = .seconds(30)) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if FileManager.default.fileExists(atPath: path) { return true }
        usleep(50_000)
    }
    return false
}

/// A `ControlUIHandshake` running on a thread of its own while the test goes on.
final class ControlUIHandshakeInBackground: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<ControlUIHandshake.Outcome, any Error>?

    init(_ url: String, headers: [(String, String)] = [], origin: String? = nil, extra: [String] = []) {
        let headers = headers
        Thread { [self] in
            result = Result {
                try ControlUIHandshake.run(url, headers: headers, origin: origin, extra: extra)
            }
            done.signal()
        }.start()
    }

    /// Waits (up to a minute) for the handshake's outcome.
    func outcome() throws -> ControlUIHandshake.Outcome {
        guard done.wait(timeout: .now() + 60) == .success, let result else {
            throw TestFailure("the WebSocket client did not finish within a minute")
        }
        return try result.get()
    }
}
