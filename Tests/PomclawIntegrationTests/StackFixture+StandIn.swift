import Foundation
import PomclawCore
import PomclawTestSupport

/// What the stand-in images let a stack test do beyond pomclaw's own calls: set the web
/// route Pomerium applies, connect as the Control UI through Pomerium or straight to the
/// gateway, probe from inside the gateway container, and change the gateway's release or
/// environment.
extension StackFixture {
    /// The stand-in Pomerium's route (`/data/standin-route.json` in the pomerium-data volume,
    /// read on every request), e.g. `{"allowWebsockets": true, "setRequestHeaders": {…}}`.
    func setRoute(_ json: String) async throws {
        let wrote = try await compose(
            ["exec", "-T", "pomerium", "python3", "-c",
             "import sys; open('/data/standin-route.json', 'w').write(sys.stdin.read())"],
            stdin: Data(json.utf8))
        guard wrote.status == 0 else { throw TestFailure("cannot write the stand-in route: \(wrote.stderr)") }
    }

    /// A Control UI handshake through Pomerium's published port, signed in as `login` (nil:
    /// anonymous), with the web route's Origin.
    func handshakeThroughPomerium(
        as login: String?, headers: [(String, String)] = [], extra: [String] = []
    ) async throws -> ControlUIHandshake.Outcome {
        let port = try await publishedPort("pomerium", 443)
        let signIn = login.map { [("X-Standin-Login", $0)] } ?? []
        let origin = "https://openclaw.\(clusterDomain)"
        return try await onOwnThread {
            try ControlUIHandshake.run("ws://127.0.0.1:\(port)", headers: signIn + headers, origin: origin, extra: extra)
        }
    }

    /// A Control UI handshake from the host straight to the gateway's address on the stack
    /// network, with Pomerium's identity headers forged for `email`.
    func handshakeStraightToGateway(forging email: String) async throws -> ControlUIHandshake.Outcome {
        let gateway = try await address("openclaw-gateway")
        let origin = "https://openclaw.\(clusterDomain)"
        let forged = [("x-pomerium-claim-email", email), ("X-Pomerium-Jwt-Assertion", "forged"), ("X-Forwarded-For", "203.0.113.9")]
        return try await onOwnThread {
            try ControlUIHandshake.run("ws://\(gateway):18789", headers: forged, origin: origin)
        }
    }

    /// `curl -s -o /dev/null -w %{http_code} URL` inside the gateway container: the status
    /// ("000" and exit 7 when nothing listens).
    func curlInGateway(_ url: String) async throws -> ChildProcess.Result {
        try await compose(["exec", "-T", "openclaw-gateway", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                           "--max-time", "5", url])
    }

    /// Polls `check` every 200 ms for up to `seconds`; true once it held.
    func eventually(seconds: Int = 60, _ check: () async throws -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while Date() < deadline {
            if (try? await check()) == true { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Sets OPENCLAW_VERSION in `.env` (the gateway's image tag).
    func setOpenClawVersion(_ version: String) throws {
        try EnvFileLine.set("OPENCLAW_VERSION", version, in: install.envFile)
    }

    /// Adds `NAME: "value"` to the gateway service's `environment:` in this install's compose.yaml.
    func addGatewayEnvironment(_ name: String, _ value: String) throws {
        try GatewayEnvironment.add(name, value, toComposeIn: path)
    }
}

/// One `KEY=value` line of an install's `.env`.
enum EnvFileLine {
    /// Replaces `key`'s line (or adds one), keeping the others; the file stays 0600.
    static func set(_ key: String, _ value: String, in file: String) throws {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let kept = text.split(separator: "\n").filter { !$0.hasPrefix(key + "=") }.map(String.init)
        try AtomicFile.write(Data((kept + ["\(key)=\(value)"]).joined(separator: "\n").appending("\n").utf8), to: file, mode: 0o600)
    }
}

/// The gateway service's `environment:` in an install's compose.yaml (this checkout's file).
enum GatewayEnvironment {
    /// Adds `NAME: "value"` after `HOME: /claw`.
    static func add(_ name: String, _ value: String, toComposeIn directory: String) throws {
        let file = directory + "/compose.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let anchor = "      HOME: /claw\n"
        guard text.contains(anchor) else { throw TestFailure("compose.yaml has no `HOME: /claw` in the gateway's environment") }
        try Data(text.replacingOccurrences(of: anchor, with: anchor + "      \(name): \"\(value)\"\n").utf8)
            .write(to: URL(fileURLWithPath: file))
    }
}
