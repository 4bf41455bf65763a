import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The real compose.yaml and entrypoint.sh on the real Docker engine, with the stand-in
/// images (`Tests/Docker/standin/build.sh`), driven the way pomclaw drives them but without
/// pomclaw: first boot, trusted-proxy auth through Pomerium only, SSH with a certificate from
/// the User CA, and the crash loop of a gateway without any auth.
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

            // Trusted-proxy auth, written the way pomclaw writes it, with Pomerium's address
            // found on <project>_main.
            let pomerium = try await stack.address("pomerium")
            #expect(pomerium == stack.pomeriumIP)
            let origin = "https://openclaw.\(stack.clusterDomain)"
            let batch = """
                [{"path":"gateway.auth.trustedProxy","value":{"userHeader":"x-pomerium-claim-email",\
                "requiredHeaders":["X-Pomerium-Jwt-Assertion"]}},
                {"path":"gateway.trustedProxies","value":["\(pomerium)"]},
                {"path":"gateway.controlUi.allowedOrigins","value":["\(origin)"]},
                {"path":"gateway.controlUi.dangerouslyDisableDeviceAuth","value":true}]
                """
            let wrote = try await stack.openclaw(["config", "set", "--batch-json", batch])
            #expect(wrote.status == 0, "\(wrote.stderr)")
            let switched = try await stack.openclaw(["config", "set", "gateway.auth.mode", "trusted-proxy"])
            #expect(switched.status == 0, "\(switched.stderr)")
            #expect(switched.stdout.contains("Removed inactive gateway.auth.password for gateway.auth.mode=trusted-proxy."))
            let readBack = try Self.json(try await stack.openclaw(["config", "get", "gateway", "--json"]).stdout)
            #expect(readBack["trustedProxies"] as? [String] == [pomerium])
            #expect((readBack["auth"] as? [String: Any])?["password"] == nil)

            // Through Pomerium, a signed-in user is accepted as that user.
            let https = try await stack.publishedPort("pomerium", 443)
            let signedIn = try PlainHTTP.get(
                host: "127.0.0.1", port: https, headers: [("X-Standin-Login", stack.operatorEmail), ("Origin", origin)])
            #expect(signedIn.status == 200, "\(signedIn.body)")
            #expect(try Self.json(signedIn.body)["user"] as? String == stack.operatorEmail)
            let anonymous = try PlainHTTP.get(host: "127.0.0.1", port: https)
            #expect(anonymous.status == 302)
            let foreign = try PlainHTTP.get(
                host: "127.0.0.1", port: https, headers: [("X-Standin-Login", stack.operatorEmail), ("Origin", "https://evil.example")])
            #expect(foreign.status == 403, "\(foreign.body)")

            // Straight to the gateway with forged identity headers: refused, and logged why.
            let gateway = try await stack.address("openclaw-gateway")
            let forged = try PlainHTTP.get(
                host: gateway, port: 18789,
                headers: [("x-pomerium-claim-email", stack.operatorEmail), ("X-Pomerium-Jwt-Assertion", "forged")])
            #expect(forged.status == 401)
            #expect(forged.body.contains("trusted_proxy_untrusted_source"), "\(forged.body)")
            #expect(await stack.logs("openclaw-gateway").contains("trusted_proxy_untrusted_source"))

            // SSH through Pomerium's published port, with a certificate from the User CA.
            let ssh = try await stack.publishedPort("pomerium", 22)
            let claw = try StackSSH.login(as: "claw", port: ssh, certifiedBy: stack.userCA, in: stack.scratch)
            #expect(claw.status == 0, "ssh: \(claw.stderr)")
            #expect(claw.stdout == "claw\n")
            let root = try StackSSH.login(as: "root", port: ssh, certifiedBy: stack.userCA, in: stack.scratch)
            #expect(root.status != 0, "root logged in: \(root.stdout)")

            // A restart keeps trusted-proxy auth: no new password, nothing re-added.
            try await stack.composeChecked(["restart", "openclaw-gateway"])
            try await stack.waitForGateway()
            let restarted = try Self.json(try await stack.openclaw(["config", "get", "gateway", "--json"]).stdout)
            #expect((restarted["auth"] as? [String: Any])?["mode"] as? String == "trusted-proxy")
            #expect((restarted["auth"] as? [String: Any])?["password"] == nil)
            let again = try PlainHTTP.get(host: "127.0.0.1", port: https, headers: [("X-Standin-Login", stack.operatorEmail)])
            #expect(again.status == 200, "\(again.body)")
        }
    }

    @Test func aGatewayWithoutAnyAuthExits78AndRestartsForever() async throws {
        // trusted-proxy mode without its settings: no auth path, and the entrypoint adds no
        // password in trusted-proxy mode.
        let config = #"{"gateway": {"mode": "local", "auth": {"mode": "trusted-proxy"}}}"#
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
            #expect(!logs.contains("First boot"))
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
            #expect(logs.contains("OpenClaw config is invalid"), "\(logs)")
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
