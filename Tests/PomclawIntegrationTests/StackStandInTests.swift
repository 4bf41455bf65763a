import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The real compose.yaml and entrypoint.sh on the real Docker engine, with the stand-in
/// images (`Tests/Docker/standin/build.sh`), driven the way pomclaw drives them but without
/// pomclaw: first boot, trusted-proxy auth through Pomerium only (the Control UI's WebSocket
/// through Pomerium, a forged one refused), SSH with a certificate from the User CA, and the
/// crash loops of a gateway that cannot start.
@Suite(.serialized, .enabled(if: StackEngine.wanted)) struct StackStandInTests {
    /// Runs `body` on a new stack and always tears it down.
    static func withStack(
        settings: [String: String?] = [:], config: String? = nil, compose: ComposeFlavor = .preferred,
        _ body: (StackFixture) async throws -> Void
    ) async throws {
        let stack = try StackFixture(settings: settings, config: config, compose: compose)
        do {
            try await body(stack)
        } catch {
            let logs = await stack.logs("openclaw-gateway", tail: 40)
            await stack.tearDown()
            throw TestFailure("\(error)\n--- gateway log ---\n\(logs)")
        }
        await stack.tearDown()
    }

    static func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }

    @Test(arguments: ComposeFlavor.installed)
    func aFreshStackBootsTrustsOnlyPomeriumAndLetsCertificatesIn(compose: ComposeFlavor) async throws {
        try await Self.withStack(compose: compose) { stack in
            try await stack.up()
            try await stack.waitForGateway()

            // First boot: the entrypoint set gateway.mode and a temporary password, in one
            // write, through a batch file it removed.
            let boot = await stack.logs("openclaw-gateway")
            #expect(boot.contains("Setting gateway.mode=local"), "\(boot)")
            #expect(boot.contains("First boot: setting a temporary gateway.auth.password"))
            let first = try await stack.openclaw(["config", "get", "gateway", "--json"])
            #expect(first.status == 0, "\(first.stderr)")
            let booted = try Self.json(first.stdout)
            #expect(booted["mode"] as? String == "local")
            #expect((booted["auth"] as? [String: Any])?["password"] as? String == "__OPENCLAW_REDACTED__")
            let scratch = try await stack.compose(["exec", "-T", "openclaw-gateway", "ls", "-A", "/tmp"])
            #expect(!scratch.stdout.contains("entrypoint-"), "left behind: \(scratch.stdout)")

            // Trusted-proxy auth in one write, with Pomerium's address found on <project>_main;
            // the mode switch prunes the password. A gateway.* write restarts the gateway.
            let pomerium = try await stack.address("pomerium")
            #expect(pomerium == stack.pomeriumIP)
            let origin = "https://openclaw.\(stack.clusterDomain)"
            let batch = """
                [{"path":"gateway.auth.trustedProxy","value":{"userHeader":"x-pomerium-claim-email",\
                "requiredHeaders":["X-Pomerium-Jwt-Assertion"]}},
                {"path":"gateway.trustedProxies","value":["\(pomerium)"]},
                {"path":"gateway.controlUi.allowedOrigins","value":["\(origin)"]},
                {"path":"gateway.controlUi.dangerouslyDisableDeviceAuth","value":true},
                {"path":"gateway.auth.mode","value":"trusted-proxy"}]
                """
            let wrote = try await stack.openclaw(["config", "set", "--batch-json", batch])
            #expect(wrote.status == 0, "\(wrote.stderr)")
            #expect(wrote.stdout.contains("Removed inactive gateway.auth.password for gateway.auth.mode=trusted-proxy."))
            #expect(await stack.eventually { await stack.logs("openclaw-gateway").contains("restart mode: in-process restart") })
            try await stack.waitForGateway()

            // Through Pomerium, a signed-in user's Control UI connects; its scopes are what the
            // route's header leaves of what the UI asks. Anonymous: a redirect to sign in.
            try await stack.setRoute(#"{"allowWebsockets": true, "setRequestHeaders": {"x-openclaw-scopes": "operator.admin"}}"#)
            let signedIn = try await stack.handshakeThroughPomerium(as: stack.operatorEmail)
            #expect(signedIn.admitted && signedIn.scopes == ["operator.admin"], "\(signedIn)")
            let https = try await stack.publishedPort("pomerium", 443)
            #expect(try PlainHTTP.get(host: "127.0.0.1", port: https).status == 302)
            let page = try PlainHTTP.get(host: "127.0.0.1", port: https, headers: [("X-Standin-Login", stack.operatorEmail)])
            #expect(page.status == 200 && page.body.contains("<openclaw-app>"), "\(page.body)")
            let foreign = try PlainHTTP.get(
                host: "127.0.0.1", port: https, path: "/__openclaw/control-ui-config.json",
                headers: [("X-Standin-Login", stack.operatorEmail), ("Origin", "https://evil.example")])
            #expect(foreign.status == 401, "\(foreign.body)")

            // Straight to the gateway with forged identity headers: the Control UI page is
            // public, but the connect is refused, and logged why.
            let forged = try await stack.handshakeStraightToGateway(forging: stack.operatorEmail)
            #expect(forged.authReason == "trusted_proxy_untrusted_source", "\(forged)")
            #expect(await stack.logs("openclaw-gateway").contains("reason=trusted_proxy_untrusted_source"))

            // SSH through Pomerium's published port, with a certificate from the User CA.
            let ssh = try await stack.publishedPort("pomerium", 22)
            let claw = try StackSSH.login(as: "claw", port: ssh, certifiedBy: stack.userCA, in: stack.scratch)
            #expect(claw.status == 0, "ssh: \(claw.stderr)")
            #expect(claw.stdout == "claw\n")
            let root = try StackSSH.login(as: "root", port: ssh, certifiedBy: stack.userCA, in: stack.scratch)
            #expect(root.status != 0, "root logged in: \(root.stdout)")

            // A container restart keeps trusted-proxy auth: no new password, nothing re-added.
            try await stack.composeChecked(["restart", "openclaw-gateway"])
            try await stack.waitForGateway()
            let restarted = try Self.json(try await stack.openclaw(["config", "get", "gateway", "--json"]).stdout)
            #expect((restarted["auth"] as? [String: Any])?["mode"] as? String == "trusted-proxy")
            #expect((restarted["auth"] as? [String: Any])?["password"] == nil)
            #expect(try await stack.handshakeThroughPomerium(as: stack.operatorEmail).admitted)
        }
    }

    /// With auth mode `none` the gateway cannot bind beyond loopback (the container's `auto`),
    /// and the entrypoint's temporary password does not help: exit 78, restarted forever.
    @Test func aGatewayWithoutAnyAuthExits78AndRestartsForever() async throws {
        let config = #"{"gateway": {"mode": "local", "auth": {"mode": "none"}}}"#
        try await Self.withStack(config: config) { stack in
            try await stack.up(["openclaw-gateway"])
            let deadline = Date().addingTimeInterval(90)
            var state = try await stack.state("openclaw-gateway")
            while Date() < deadline, state.restartCount < 2 || state.exitCode != 78 {
                try await Task.sleep(for: .milliseconds(500))
                state = try await stack.state("openclaw-gateway")
            }
            #expect(state.exitCode == 78, "\(state)")
            #expect(state.restartCount >= 2, "\(state)")
            let logs = await stack.logs("openclaw-gateway")
            #expect(logs.contains("Refusing to bind gateway to auto without auth."), "\(logs)")
            #expect(logs.contains("Container environment detected"))
        }
    }

    /// gateway.mode other than local: `Gateway start blocked`, also exit 78 (the entrypoint
    /// sets an unset mode, never another one).
    @Test func aGatewayNotInLocalModeIsBlockedWithExit78() async throws {
        let config = #"{"gateway": {"mode": "remote", "auth": {"mode": "token", "token": "t0ken"}}}"#
        try await Self.withStack(config: config) { stack in
            try await stack.up(["openclaw-gateway"])
            #expect(await stack.eventually { try await stack.state("openclaw-gateway").exitCode == 78 })
            let logs = await stack.logs("openclaw-gateway")
            #expect(logs.contains("Gateway start blocked: set gateway.mode=local (current: remote)"), "\(logs)")
        }
    }

    @Test func theEntrypointWritesAgainWhenAnotherWriterGotThereFirst() async throws {
        try await Self.withStack { stack in
            // The stand-in CLI's knob: its next two writes fail with a conflict.
            let knob = stack.path + "/openclaw-data/config/.openclaw/.standin-conflicts"
            try AtomicFile.write(Data("2\n".utf8), to: knob, mode: 0o666)
            try await stack.up(["openclaw-gateway"])
            try await stack.waitForGateway()
            let logs = await stack.logs("openclaw-gateway")
            #expect(logs.contains("ConfigMutationConflictError") == false, "retried conflicts are not errors")
            #expect(logs.contains("The config changed while writing it; trying again (2/5)"), "\(logs)")
            let gateway = try Self.json(try await stack.openclaw(["config", "get", "gateway", "--json"]).stdout)
            #expect(gateway["mode"] as? String == "local")
        }
    }

    @Test func anUnreadableConfigStopsTheEntrypointWithOpenClawsOwnMessage() async throws {
        try await Self.withStack(config: "{ not json") { stack in
            try await stack.up(["openclaw-gateway"])
            let deadline = Date().addingTimeInterval(60)
            var logs = ""
            while Date() < deadline, !logs.contains("[entrypoint] error:") {
                try await Task.sleep(for: .milliseconds(500))
                logs = await stack.logs("openclaw-gateway")
            }
            #expect(logs.contains("Config invalid at /claw/.openclaw/openclaw.json."), "\(logs)")
            #expect(logs.contains("[entrypoint] error: cannot read the OpenClaw gateway config"))
            #expect(!logs.contains("Starting the OpenClaw gateway"))
        }
    }
}

/// An OpenSSH client logging in with a fresh key certified by a User CA.
enum StackSSH {
    static func login(
        as user: String, port: UInt16, certifiedBy ca: String, in scratch: TemporaryDirectory
    ) throws -> ChildProcess.Result {
        let key = scratch.file("client-\(user)")
        if !FileManager.default.fileExists(atPath: key) {
            try OpenSSH.generate(key, ["-t", "ed25519", "-C", "stack test \(user)"])
            let signed = try Command.run(
                OpenSSH.keygen, ["-s", ca, "-I", "stack-test-\(user)", "-n", user, "-V", "+10m", key + ".pub"])
            guard signed.status == 0 else { throw TestFailure("ssh-keygen -s: \(signed.stderr)") }
        }
        return try ChildProcess.run(
            [OpenSSH.client, "-F", "/dev/null", "-p", String(port),
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "IdentitiesOnly=yes", "-i", key, "-o", "CertificateFile=\(key)-cert.pub",
             "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
             "\(user)@127.0.0.1", "id", "-un"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": scratch.path], timeout: .seconds(30))
    }
}
