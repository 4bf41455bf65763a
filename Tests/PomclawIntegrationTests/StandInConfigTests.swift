import Foundation
import PomclawTestSupport
import Testing

/// The stand-in `openclaw config` on the host, release by release: what it prints and exits
/// with, what it writes, and the schema each release enforces (sources in the stand-in's code).
@Suite struct StandInConfigTests {
    static let trustedProxy = """
        {"gateway": {"mode": "local", "auth": {"mode": "password", "password": "first-boot"}}}
        """

    @Test func versionNamesTheReleaseAndACommit() throws {
        let openclaw = try StandInOpenClaw(version: "2026.7.1-2")
        defer { openclaw.remove() }
        let version = try openclaw.cli(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^OpenClaw 2026\.7\.1-2 \([0-9a-f]{7}\)\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
    }

    @Test func getPrintsScalarsRawObjectsAsJSONAndRedactsSecrets() throws {
        let openclaw = try StandInOpenClaw(config: Self.trustedProxy)
        defer { openclaw.remove() }
        #expect(try openclaw.cli(["config", "get", "gateway.mode"]).stdout == "local\n")
        #expect(try openclaw.cli(["config", "get", "gateway.mode", "--json"]).stdout == "\"local\"\n")
        let auth = try openclaw.cli(["config", "get", "gateway.auth"])
        #expect(auth.stdout == "{\n  \"mode\": \"password\",\n  \"password\": \"__OPENCLAW_REDACTED__\"\n}\n")
    }

    /// A missing path: stderr and exit 1 before 2026.8.1 (the June extended-stable line and
    /// the 7.1 correction included); from 2026.8.1, with --json, an error object on stdout.
    @Test(arguments: [("2026.6.33", false), ("2026.7.1-2", false), ("2026.8.1", true), ("2026.9.8", true)])
    func aMissingPathExitsOneAndFrom2026_8_1PrintsAnErrorObject(version: String, object: Bool) throws {
        let openclaw = try StandInOpenClaw(version: version, config: Self.trustedProxy)
        defer { openclaw.remove() }
        let plain = try openclaw.cli(["config", "get", "gateway.port"])
        #expect(plain.status == 1 && plain.stdout.isEmpty)
        #expect(plain.stderr == "Config path not found: gateway.port\n")
        let json = try openclaw.cli(["config", "get", "gateway.port", "--json"])
        #expect(json.status == 1)
        if object {
            let error = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
            #expect(error == ["error": "Config path not found: gateway.port"])
            #expect(json.stderr.isEmpty)
        } else {
            #expect(json.stdout.isEmpty && json.stderr == "Config path not found: gateway.port\n")
        }
    }

    @Test func switchingTheAuthModeInABatchRemovesTheCredentialsItDoesNotUse() throws {
        let openclaw = try StandInOpenClaw(config: Self.trustedProxy)
        defer { openclaw.remove() }
        let batch = #"[{"path":"gateway.auth.token","value":"t0ken"},{"path":"gateway.auth.mode","value":"token"}]"#
        let set = try openclaw.cli(["config", "set", "--batch-json", batch])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "Removed inactive gateway.auth.password for gateway.auth.mode=token.\n"
            + "Updated 2 config paths. Restart the gateway to apply.\n")
        let auth = try openclaw.config()["gateway"] as? [String: Any]
        #expect((auth?["auth"] as? [String: String]) == ["mode": "token", "token": "t0ken"])
        let unset = try openclaw.cli(["config", "unset", "gateway.auth.password"])
        #expect(unset.status == 1 && unset.stderr == "Config path not found: gateway.auth.password\n")
    }

    @Test func aBatchEntryNeedsAPathAndExactlyOneValue() throws {
        let openclaw = try StandInOpenClaw(config: Self.trustedProxy)
        defer { openclaw.remove() }
        let both = try openclaw.cli(["config", "set", "--batch-json", #"[{"path":"a","value":1,"ref":{}}]"#])
        #expect(both.status == 1 && both.stderr == "Error: --batch-json[0] must include exactly one of: value, ref, provider.\n")
        let object = try openclaw.cli(["config", "set", "--batch-json", #"{"path":"a"}"#])
        #expect(object.stderr == "Error: --batch-json must be a JSON array.\n")
    }

    /// `--batch-file /dev/stdin` reads a pipe (as `docker exec -i` gives it) before 2026.8.1;
    /// from 2026.8.1 only a regular file.
    @Test(arguments: [("2026.7.1", true), ("2026.8.1", false)])
    func batchFilesMustBeRegularFromAugust(version: String, pipeAccepted: Bool) throws {
        let openclaw = try StandInOpenClaw(version: version, config: Self.trustedProxy)
        defer { openclaw.remove() }
        let batch = Data(#"[{"path":"gateway.bind","value":"lan"}]"#.utf8)
        let file = openclaw.scratch.file("batch.json")
        try batch.write(to: URL(fileURLWithPath: file))
        let piped = try ChildProcess.run(
            ["/bin/sh", "-c", #"cat "$1" | /usr/bin/python3 "$2" config set --batch-file /dev/stdin"#, "sh", file, StandInOpenClaw.cli],
            environment: openclaw.environment(), timeout: .seconds(60))
        if pipeAccepted {
            #expect(piped.status == 0, "\(piped.stderr)")
        } else {
            #expect(piped.status == 1 && piped.stderr == "Error: --batch-file must be a regular file\n")
        }
        try openclaw.write(Self.trustedProxy)
        let regular = try openclaw.cli(["config", "set", "--batch-file", file])
        #expect(regular.status == 0, "\(regular.stderr)")
        #expect(((try openclaw.config()["gateway"] as? [String: Any])?["bind"] as? String) == "lan")
    }

    /// Until 2026.7.1 every write says "Restart the gateway to apply."; from 2026.7.1 the hint
    /// says what the change does, and a write that changes nothing says "No change".
    @Test func successHintsFollowTheRelease() throws {
        let old = try StandInOpenClaw(version: "2026.6.11", config: Self.trustedProxy)
        defer { old.remove() }
        #expect(try old.cli(["config", "set", "agents.defaults.workspace", "/w"]).stdout
            == "Updated agents.defaults.workspace. Restart the gateway to apply.\n")
        let new = try StandInOpenClaw(version: "2026.7.1", config: Self.trustedProxy)
        defer { new.remove() }
        #expect(try new.cli(["config", "set", "gateway.bind", "lan"]).stdout == "Updated gateway.bind. Restart the gateway to apply.\n")
        #expect(try new.cli(["config", "set", "models.mode", "merge"]).stdout
            == "Updated models.mode. Change will apply without restarting the gateway.\n")
        #expect(try new.cli(["config", "set", "agents.defaults.workspace", "/w"]).stdout
            == "Updated agents.defaults.workspace. No gateway restart needed.\n")
        let before = try Data(contentsOf: URL(fileURLWithPath: new.configFile))
        #expect(try new.cli(["config", "set", "gateway.bind", "lan"]).stdout == "No change\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: new.configFile)) == before, "a no-op write touched the file")
    }

    @Test func aWriteRacingAnotherWriterIsRefusedAndChangesNothing() throws {
        let openclaw = try StandInOpenClaw(config: Self.trustedProxy)
        defer { openclaw.remove() }
        try Data("1\n".utf8).write(to: URL(fileURLWithPath: openclaw.stateDirectory + "/.standin-conflicts"))
        let before = try Data(contentsOf: URL(fileURLWithPath: openclaw.configFile))
        let refused = try openclaw.cli(["config", "set", "gateway.bind", "lan"])
        #expect(refused.status == 1 && refused.stderr == "ConfigMutationConflictError: config changed since last load\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: openclaw.configFile)) == before)
        #expect(try openclaw.cli(["config", "set", "gateway.bind", "lan"]).status == 0)
    }

    /// `config patch`: objects merge, arrays and scalars replace, null deletes; the auth mode
    /// switch prunes nothing (undocumented for patch); stdin is limited to 1 MiB.
    @Test func patchMergesReplacesAndDeletesWithoutPruning() throws {
        let openclaw = try StandInOpenClaw(config: """
            {"gateway": {"mode": "local", "trustedProxies": ["10.0.0.1", "10.0.0.2"],
              "auth": {"mode": "trusted-proxy", "password": "p", "trustedProxy": {"userHeader": "x-user"}}}}
            """)
        defer { openclaw.remove() }
        let patch = Data("""
            // JSON5, as the CLI reads it
            {gateway: {auth: {mode: 'token', token: 'fresh', trustedProxy: null}, trustedProxies: ['10.0.0.3'],},}
            """.utf8)
        let patched = try openclaw.cli(["config", "patch", "--stdin"], stdin: patch)
        #expect(patched.status == 0, "\(patched.stderr)")
        let gateway = try #require(try openclaw.config()["gateway"] as? [String: Any])
        #expect(gateway["trustedProxies"] as? [String] == ["10.0.0.3"])
        #expect(gateway["auth"] as? [String: String] == ["mode": "token", "password": "p", "token": "fresh"])
        #expect(gateway["mode"] as? String == "local")

        let big = Data(("{\"a\": \"" + String(repeating: "x", count: 1 << 20) + "\"}").utf8)
        let refused = try openclaw.cli(["config", "patch", "--stdin"], stdin: big)
        #expect(refused.status == 1 && refused.stderr.contains("1 MiB"), "\(refused.stderr)")
        let notObject = try openclaw.cli(["config", "patch", "--stdin"], stdin: Data("[1]".utf8))
        #expect(notObject.status == 1)
    }
}
