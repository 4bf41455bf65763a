import Foundation

/// How the gateway's config differs from a `TrustedProxyTarget`: change lines for plans and
/// `status`, and the fewest config operations that converge it.
///
/// Values are compared exactly (an address, not "some address"). Only differing fields are
/// written. `gateway.auth.mode` comes last, once everything trusted-proxy needs exists; the
/// CLI then prunes `auth.token` and `auth.password` as part of the same write. When the mode
/// is already `trusted-proxy` but a token or password is still there (an OpenClaw build that
/// did not prune, or a hand edit), they are unset explicitly.
///
/// Inside `gateway.auth.trustedProxy`, pomclaw owns `userHeader` and `requiredHeaders` and
/// leaves other keys alone: keys such as `allowUsers` only narrow who gets in, and a user who
/// set one did so on purpose; replacing the block on every run would silently widen access.
/// A missing block is written whole.
public struct TrustedProxyDiff: Sendable, Equatable {
    /// One line per change, e.g. `trustedProxies ["172.30.0.5"] → ["172.30.0.10"]`.
    public private(set) var changes: [String] = []
    /// The writes, in order: sets (mode last), then any unsets.
    public private(set) var operations: [ConfigOperation] = []

    public var isEmpty: Bool { operations.isEmpty }

    /// `retiredOrigins` are origins pomclaw added for earlier cluster domains: removed from
    /// `allowedOrigins` when present. Every other origin there is the user's and stays.
    public init(current: GatewayConfig, target: TrustedProxyTarget, retiredOrigins: [String] = []) {
        typealias T = TrustedProxyTarget
        let local = JSONValue.string(T.gatewayMode)
        if current.mode != local {
            record("mode", current.mode, local, .set(GatewayPath.mode, local))
        }

        if let block = current.trustedProxy?.objectValue {
            let header = JSONValue.string(T.userHeader)
            if block["userHeader"] != header {
                record("trustedProxy.userHeader", block["userHeader"], header, .set(GatewayPath.userHeader, header))
            }
            let required = JSONValue.array(T.requiredHeaders.map(JSONValue.string))
            if block["requiredHeaders"] != required {
                record(
                    "trustedProxy.requiredHeaders", block["requiredHeaders"], required,
                    .set(GatewayPath.requiredHeaders, required))
            }
        } else {
            let block = T.trustedProxyBlock
            record("auth.trustedProxy", current.trustedProxy, block, .set(GatewayPath.trustedProxy, block))
        }

        if current.trustedProxies != target.trustedProxies {
            let proxies = target.trustedProxies
            record("trustedProxies", current.trustedProxies, proxies, .set(GatewayPath.trustedProxies, proxies))
        }

        originChanges(current.allowedOrigins, target: target, retired: retiredOrigins)

        if current.deviceAuthDisabled != .bool(true) {
            record(
                "controlUi.dangerouslyDisableDeviceAuth", current.deviceAuthDisabled, true,
                .set(GatewayPath.deviceAuthDisabled, true))
        }

        let trustedProxy = JSONValue.string(T.authMode)
        if current.authMode != trustedProxy {
            let pruned = [current.hasToken ? "auth.token" : nil, current.hasPassword ? "auth.password" : nil]
                .compactMap { $0 }
            let note = pruned.isEmpty ? "" : " (removes \(pruned.joined(separator: " and ")))"
            changes.append("auth.mode \(Self.show(current.authMode)) → \(T.authMode)\(note)")
            operations.append(.set(GatewayPath.authMode, trustedProxy))
        } else {
            if current.hasToken {
                changes.append("remove auth.token (trusted-proxy mode must not have a token)")
                operations.append(.unset(GatewayPath.token))
            }
            if current.hasPassword {
                changes.append("remove auth.password (trusted-proxy mode does not use it)")
                operations.append(.unset(GatewayPath.password))
            }
        }
    }

    private mutating func originChanges(_ current: JSONValue?, target: TrustedProxyTarget, retired: [String]) {
        guard let list = current?.arrayValue else {
            let wanted: JSONValue = [.string(target.origin)]
            record("controlUi.allowedOrigins", current, wanted, .set(GatewayPath.allowedOrigins, wanted))
            return
        }
        let origin = JSONValue.string(target.origin)
        let stale = Set(retired.filter { $0 != target.origin }.map(JSONValue.string))
        var kept = list.filter { !stale.contains($0) }
        if !kept.contains(origin) { kept.append(origin) }
        guard kept != list else { return }
        for removed in list where stale.contains(removed) {
            changes.append("controlUi.allowedOrigins − \(Self.show(removed)) (pomclaw's origin for a previous cluster domain)")
        }
        if !list.contains(origin) {
            changes.append("controlUi.allowedOrigins + \(target.origin)")
        }
        operations.append(.set(GatewayPath.allowedOrigins, .array(kept)))
    }

    private mutating func record(_ name: String, _ old: JSONValue?, _ new: JSONValue, _ operation: ConfigOperation) {
        changes.append("\(name) \(Self.show(old)) → \(Self.show(new))")
        operations.append(operation)
    }

    /// A value as a plan shows it: plain words bare, everything else as compact JSON (so odd
    /// strings from the config cannot break the line or the terminal, and the string "true"
    /// does not look like the boolean).
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(unset)" }
        if case .string(let text) = value, !text.isEmpty,
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-._:/@".unicodeScalars.contains($0))
            }),
            (try? JSONValue.parse(Data(text.utf8))) == nil
        {
            return text
        }
        return String(decoding: value.encoded(), as: UTF8.self)
    }
}
