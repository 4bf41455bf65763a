import Foundation
import PomclawTestSupport

/// One Gateway WebSocket handshake made the way the Control UI makes it, by
/// `Tests/Docker/standin/tools/ws_connect.py`: the URL's upgrade request with `headers` (and an
/// `Origin`), the `connect` request with the UI's client id and scopes and a new device
/// (unless `extra` says otherwise: `--device none`, `--scopes …`, `--token …`, `--call METHOD`,
/// `--wait-close SECONDS`, see the script). What the gateway answered, decoded.
struct ControlUIHandshake {
    /// What came back.
    struct Outcome: CustomStringConvertible, Sendable {
        /// The script's JSON line.
        let text: String
        /// `text` decoded.
        var raw: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        }

        /// True for `hello-ok`.
        var admitted: Bool { raw["ok"] as? Bool == true }
        /// The session's scopes from `hello-ok.auth.scopes`.
        var scopes: [String]? { ((raw["hello"] as? [String: Any])?["auth"] as? [String: Any])?["scopes"] as? [String] }
        /// The `connect` response's error, when refused.
        var error: [String: Any]? { raw["error"] as? [String: Any] }
        var errorMessage: String? { error?["message"] as? String }
        var details: [String: Any]? { error?["details"] as? [String: Any] }
        /// `error.details.authReason`: the gateway's reason for an auth refusal.
        var authReason: String? { details?["authReason"] as? String }
        /// The close code the server sent (1006 when the connection just ended).
        var closeCode: Int? { (raw["close"] as? [String: Any])?["code"] as? Int }
        /// The HTTP status when the upgrade itself was refused.
        var httpStatus: Int? { (raw["http"] as? [String: Any])?["status"] as? Int }
        /// Set when nothing accepted the connection.
        var refused: Bool { raw["refused"] != nil }
        /// The payload (or `{"error": …}`) of `--call`.
        var callResult: [String: Any]? { raw["result"] as? [String: Any] }
        var description: String { text }
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docker/standin/tools/ws_connect.py").path
    }

    /// Runs the handshake against `url` (`ws://host:port`), bounded by `timeout`.
    static func run(
        _ url: String, headers: [(String, String)] = [], origin: String? = nil, extra: [String] = [],
        timeout: Duration = .seconds(40)
    ) throws -> Outcome {
        var arguments = ["/usr/bin/python3", script, url]
        for (name, value) in headers { arguments += ["--header", "\(name): \(value)"] }
        if let origin { arguments += ["--origin", origin] }
        let result = try ChildProcess.run(
            arguments + extra, environment: ["PATH": "/usr/bin:/bin"], timeout: timeout)
        guard result.status == 0, (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) is [String: Any] else {
            throw TestFailure("ws_connect.py exited \(result.status): \(result.stdout)\(result.stderr)")
        }
        return Outcome(text: result.stdout)
    }
}
