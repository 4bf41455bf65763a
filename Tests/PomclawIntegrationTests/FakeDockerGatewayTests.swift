import Foundation
import PomclawTestSupport
import Testing

/// The fake `docker`'s gateway container on its own (no pomclaw): the same behaviours as the
/// stand-in gateway, worked out from the state file with no process left running.
@Suite struct FakeDockerGatewayTests {
    @Test func aGatewayWriteClosesTheListenerForTheRestartWhileExecKeepsWorking() throws {
        let install = try FakeDockerInstall(settings: ["FAKE_DOCKER_GATEWAY_RESTART_MS": "4000"])
        defer { install.remove() }
        try install.up()
        #expect(try install.curl("http://127.0.0.1:18789/readyz").stdout == "200")
        #expect(try install.openclaw(["config", "set", "gateway.bind", "lan"]).status == 0)
        #expect(install.poll { try install.curl("http://127.0.0.1:18789/readyz").status == 7 }, "the listener never closed")
        let refused = try install.curl("http://127.0.0.1:18789/healthz")
        #expect(refused.status == 7 && refused.stdout == "000", "\(refused)")
        #expect(try install.openclaw(["config", "get", "gateway.bind"]).stdout == "lan\n", "exec stops during a restart")
        #expect(install.poll { try install.curl("http://127.0.0.1:18789/readyz").stdout == "200" }, "the gateway never came back")
        let logs = try install.docker(["compose", "logs", "openclaw-gateway"]).stdout
        #expect(logs.contains("[reload] config change requires gateway restart (gateway.bind)"), "\(logs)")
        #expect(logs.contains("restart mode: in-process restart"))
        #expect(try install.host.calls().last?.gatewayRestarts == 1)
        #expect(try install.openclaw(["config", "set", "agents.defaults.workspace", "/claw/workspace"]).status == 0)
        #expect(try install.host.calls().last?.gatewayRestarts == 1, "a change outside gateway.* restarted the gateway")
    }

    /// /readyz details (uptimeMs) only for a loopback caller; a loopback-only bind does not
    /// answer on the container's name.
    @Test func readinessDetailsAndTheBindFollowTheModel() throws {
        let install = try FakeDockerInstall()
        defer { install.remove() }
        try install.writeConfig(#"{"gateway": {"mode": "local", "bind": "loopback", "auth": {"mode": "token", "token": "t"}}}"#)
        try install.up()
        let both = try install.docker([
            "compose", "exec", "-T", "openclaw-gateway", "curl", "-s", "http://127.0.0.1:18789/readyz",
            "http://openclaw-gateway:18789/readyz",
        ])
        #expect(both.stdout.hasPrefix(#"{"ready":true,"failing":[],"uptimeMs":"#), "\(both.stdout)")
        #expect(both.status == 7, "a loopback-only gateway answered on its container name")
        try install.writeConfig(#"{"gateway": {"mode": "local", "bind": "lan", "auth": {"mode": "token", "token": "t"}}}"#)
        try install.docker(["compose", "restart", "openclaw-gateway"])
        let named = try install.curl("http://openclaw-gateway:18789/readyz", format: nil)
        #expect(named.status == 0 && named.stdout == #"{"ready":true}"#, "\(named)")
    }

    /// `devices` RPCs are decided against the running gateway: refused in trusted-proxy mode
    /// without credentials, accepted with the gateway password from the container's
    /// environment (compose.yaml), refused while the gateway restarts.
    @Test func devicesCommandsAreAuthorisedByTheRunningGateway() throws {
        let install = try FakeDockerInstall(settings: ["FAKE_DOCKER_GATEWAY_RESTART_MS": "4000"])
        defer { install.remove() }
        try install.addGatewayEnvironment("OPENCLAW_GATEWAY_PASSWORD", "${POMCLAW_TEST_PASSWORD:-}")
        try install.writeConfig("""
            {"gateway": {"mode": "local", "trustedProxies": ["172.30.0.10"], "controlUi": {"allowedOrigins": ["https://o.example"]},
              "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-pomerium-claim-email"}}}}
            """)
        try install.up()
        let refused = try install.openclaw(["devices", "clear", "--yes", "--pending"])
        #expect(refused.status == 1 && refused.stderr.hasPrefix("gateway closed (1008): unauthorized"), "\(refused.stderr)")
        #expect(try install.docker(["compose", "logs"]).stdout.contains("reason=trusted_proxy_untrusted_source"))

        // A changed environment recreates the container (its configuration hash changed).
        try install.setEnv("POMCLAW_TEST_PASSWORD", "local-secret")
        try install.up()
        let cleared = try install.openclaw(["devices", "clear", "--yes", "--pending"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(try install.openclaw(["config", "set", "gateway.auth.trustedProxy.allowUsers", #"["op@example.com"]"#, "--strict-json"]).status == 0)
        #expect(install.poll { try install.curl("http://127.0.0.1:18789/healthz").status == 7 })
        let restarting = try install.openclaw(["devices", "list"])
        #expect(restarting.status == 1 && restarting.stderr.hasPrefix("gateway closed (1006"), "\(restarting.stderr)")
    }

    @Test(arguments: [
        ("mode", 78, "Gateway start blocked: existing config is missing gateway.mode."),
        ("bind", 78, "Refusing to bind gateway to auto without auth."),
        ("token", 1, "Gateway failed to start: Error: gateway auth mode is trusted-proxy, but a shared token"),
    ])
    func crashLoopsShowTheRealStartError(kind: String, exitCode: Int, line: String) throws {
        let install = try FakeDockerInstall(settings: ["FAKE_DOCKER_GATEWAY_CRASH": kind])
        defer { install.remove() }
        try install.up()
        let state = try #require(try install.host.container("openclaw-gateway"))
        #expect(state["exit"] as? Int == exitCode && state["restarting"] as? Bool == true, "\(state)")
        #expect(try install.docker(["compose", "logs", "--tail", "20", "openclaw-gateway"]).stdout.contains(line))
    }

    /// 2026.9.8 migrates the state; going back to 2026.7.1 the gateway refuses to start.
    @Test func aDowngradeAcrossTheMigrationCrashLoops() throws {
        let install = try FakeDockerInstall(version: "2026.9.8")
        defer { install.remove() }
        try install.up()
        #expect(try install.host.container("openclaw-gateway")?["running"] as? Bool == true)
        try install.setVersion("2026.7.1")
        try install.up()
        let state = try #require(try install.host.container("openclaw-gateway"))
        #expect(state["exit"] as? Int == 1 && state["running"] as? Bool == false, "\(state)")
        #expect(try install.docker(["compose", "logs"]).stdout.contains("newer schema version"))
    }
}
