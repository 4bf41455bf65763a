import Foundation

/// The `gateway` object of OpenClaw's config, as `openclaw config get gateway --json` prints
/// it: runtime defaults merged in, secrets shown as `__OPENCLAW_REDACTED__`, and keys pomclaw
/// does not manage (port, bind, reload, …) kept as they are.
///
/// Typed reads cover the fields pomclaw manages; each returns the raw JSON value (nil when
/// absent) so comparisons are exact rather than "non-empty".
public struct GatewayConfig: Sendable, Equatable {
    /// What newer builds print in place of a secret's value.
    public static let redacted = "__OPENCLAW_REDACTED__"

    /// The whole `gateway` object; empty when the config has no `gateway` yet.
    public var values: JSONObject

    public init(_ values: JSONObject = [:]) {
        self.values = values
    }

    /// The value at a dotted path below `gateway` (e.g. `auth.mode`), or nil when any part of
    /// the path is missing or not an object.
    public subscript(path: String) -> JSONValue? {
        var current: JSONValue = .object(values)
        for key in path.split(separator: ".") {
            guard let next = current.objectValue?[String(key)] else { return nil }
            current = next
        }
        return current
    }

    /// `gateway.mode` (`local` is required to start).
    public var mode: JSONValue? { self["mode"] }
    /// `gateway.auth.mode`: `token`, `password`, `trusted-proxy` or `none`.
    public var authMode: JSONValue? { self["auth.mode"] }
    /// `gateway.trustedProxies`: the source addresses whose identity headers are believed.
    public var trustedProxies: JSONValue? { self["trustedProxies"] }
    /// `gateway.auth.trustedProxy`: which headers carry the identity.
    public var trustedProxy: JSONValue? { self["auth.trustedProxy"] }
    /// `gateway.controlUi.allowedOrigins`: browser origins the Control UI accepts.
    public var allowedOrigins: JSONValue? { self["controlUi.allowedOrigins"] }
    /// `gateway.controlUi.dangerouslyDisableDeviceAuth`.
    public var deviceAuthDisabled: JSONValue? { self["controlUi.dangerouslyDisableDeviceAuth"] }

    /// `gateway.bind`: which interfaces the gateway listens on.
    public var bind: JSONValue? { self["bind"] }
    /// `gateway.auth.trustedProxy.deviceAutoApprove` (releases from 2026.8.1).
    public var deviceAutoApprove: JSONValue? { self["auth.trustedProxy.deviceAutoApprove"] }
    /// `gateway.auth.identityScopes`: identity (email) → scopes (releases from 2026.8.1). Its
    /// keys hold dots, so entries are read from this object, never by dotted path.
    public var identityScopes: JSONValue? { self["auth.identityScopes"] }
    /// `gateway.reload.mode`: `off` means a config write does not restart the gateway
    /// (openclaw-versions.md §4, `gateway.reload`).
    public var reloadMode: JSONValue? { self["reload.mode"] }

    /// Whether `gateway.auth.token` is set (its value, usually redacted, is never read).
    public var hasToken: Bool { isPresent(self["auth.token"]) }
    /// Whether `gateway.auth.password` is set (its value, usually redacted, is never read).
    public var hasPassword: Bool { isPresent(self["auth.password"]) }

    /// Whether the gateway container's entrypoint, which runs at every start, writes nothing
    /// to a config like this one: it sets `gateway.mode` when that is unset, and a temporary
    /// password when there is no auth at all (no password, no token, auth mode not
    /// trusted-proxy), and changes nothing else (`docker/openclaw/entrypoint.sh`, step 3).
    ///
    /// A config read while the entrypoint may still be running is therefore the config the
    /// gateway runs with when this holds: the entrypoint either wrote nothing or has already
    /// written (its write is atomic), and no other writer runs during an install.
    public var entrypointLeavesAsIs: Bool {
        guard hasNonEmpty("mode") else { return false }
        let hasAuth = hasNonEmpty("auth.password") || hasNonEmpty("auth.token")
        return hasAuth || authMode == .string("trusted-proxy")
    }

    /// Like the entrypoint's `(.x // "") == ""`: absent, null, false and "" count as unset.
    private func hasNonEmpty(_ path: String) -> Bool {
        switch self[path] {
        case nil, .null?, .bool(false)?, .string("")?: false
        default: true
        }
    }

    private func isPresent(_ value: JSONValue?) -> Bool {
        guard let value else { return false }
        return value != .null
    }

    /// Parses the stdout of a successful `config get gateway --json`. Anything but a JSON
    /// object (after ANSI escapes are removed) is an error; `null` counts as empty.
    public static func parse(_ stdout: String) throws -> GatewayConfig {
        let text = ANSI.strip(stdout).trimmingCharacters(in: .whitespacesAndNewlines)
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(text.utf8))
        } catch {
            throw PomclawError(
                "`openclaw config get gateway --json` printed something that is not JSON: "
                    + String(text.prefix(200)),
                next: "Check that OPENCLAW_VERSION in .env names a supported OpenClaw release, then re-run pomclaw.")
        }
        switch value {
        case .object(let object): return GatewayConfig(object)
        case .null: return GatewayConfig()
        default:
            throw PomclawError(
                "`openclaw config get gateway --json` printed \(String(text.prefix(200))) where an object was expected.",
                next: "Run `openclaw doctor --fix` in the gateway container "
                    + "(`docker compose exec -u claw openclaw-gateway openclaw doctor --fix`), then re-run pomclaw.")
        }
    }

    /// Whether a failed `config get` means "this path is unset" rather than an error: OpenClaw
    /// exits 1 with `Config path not found: <path>` on stderr (newer builds may put an error
    /// object with the same words on stdout).
    static func isPathNotFound(_ result: DockerResult) -> Bool {
        result.status != 0
            && (result.stderr.contains("Config path not found") || result.stdout.contains("Config path not found"))
    }
}
