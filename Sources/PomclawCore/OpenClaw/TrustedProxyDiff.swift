import Foundation

/// How the gateway's config differs from a `TrustedProxyTarget`: change lines for plans and
/// `status`, and the one `config patch` that converges it.
///
/// Values are compared exactly (an address, not "some address"). Only differing fields are in
/// the patch. A token or password left from token or password auth is deleted in the same
/// patch that sets trusted-proxy auth (a token beside trusted-proxy stops the gateway from
/// starting, openclaw-audit.md #15); nothing relies on the CLI pruning them.
///
/// Inside `gateway.auth.trustedProxy`, pomclaw owns `userHeader`, `requiredHeaders` and, where
/// the release has it, `deviceAutoApprove`, and leaves other keys alone: keys such as
/// `allowUsers` only narrow who gets in, and a user who set one did so on purpose. In
/// `gateway.auth.identityScopes` it owns the operator's entry and the entries it made for
/// earlier operators; every other identity there is the user's.
///
/// What the release can do decides the rest (`OpenClawCapabilities`): up to 2026.7.1-2 the
/// device-auth exemption; from 2026.8.1 device auto-approval and the operator's admin grant,
/// and no exemption flag (inert there, and `openclaw doctor --fix` removes it).
public struct TrustedProxyDiff: Sendable, Equatable {
    /// One line per change, e.g. `trustedProxies ["172.30.0.5"] → ["172.30.0.10"]`.
    public private(set) var changes: [String] = []
    /// The write that converges the config; empty when nothing differs.
    public private(set) var patch = ConfigPatch()

    public var isEmpty: Bool { patch.isEmpty }

    /// `retiredOrigins` are origins pomclaw added for earlier cluster domains: removed from
    /// `allowedOrigins` when present. `retiredIdentities` are identities pomclaw granted admin
    /// for earlier operators: removed from `identityScopes` unless they are the operator again.
    public init(
        current: GatewayConfig, target: TrustedProxyTarget, retiredOrigins: [String] = [], retiredIdentities: [String] = []
    ) {
        typealias T = TrustedProxyTarget
        let capabilities = target.capabilities
        expect("mode", current.mode, .string(T.gatewayMode), at: GatewayPath.mode)
        expect("bind", current.bind, .string(T.bind), at: GatewayPath.bind)
        trustedProxyBlock(current, capabilities)
        identityScopes(current, target, retired: retiredIdentities)
        expect("trustedProxies", current.trustedProxies, target.trustedProxies, at: GatewayPath.trustedProxies)
        originChanges(current.allowedOrigins, target: target, retired: retiredOrigins)
        if capabilities.has(.deviceAuthExemption) {
            expect("controlUi.dangerouslyDisableDeviceAuth", current.deviceAuthDisabled, true, at: GatewayPath.deviceAuthDisabled)
        } else if current.deviceAuthDisabled != nil {
            changes.append("remove controlUi.dangerouslyDisableDeviceAuth (OpenClaw \(capabilities.release) ignores it)")
            patch.remove(GatewayPath.deviceAuthDisabled)
        }
        authMode(current)
    }

    private mutating func trustedProxyBlock(_ current: GatewayConfig, _ capabilities: OpenClawCapabilities) {
        typealias T = TrustedProxyTarget
        let autoApproves = capabilities.has(.deviceAutoApprove)
        guard let block = current.trustedProxy?.objectValue else {
            var wanted: JSONObject = [
                "userHeader": .string(T.userHeader), "requiredHeaders": .array(T.requiredHeaders.map(JSONValue.string)),
            ]
            if autoApproves { wanted["deviceAutoApprove"] = T.deviceAutoApprove }
            expect("auth.trustedProxy", current.trustedProxy, .object(wanted), at: GatewayPath.trustedProxy)
            return
        }
        expect("trustedProxy.userHeader", block["userHeader"], .string(T.userHeader), at: GatewayPath.userHeader)
        expect(
            "trustedProxy.requiredHeaders", block["requiredHeaders"], .array(T.requiredHeaders.map(JSONValue.string)),
            at: GatewayPath.requiredHeaders)
        if autoApproves {
            expect("trustedProxy.deviceAutoApprove", block["deviceAutoApprove"], T.deviceAutoApprove, at: GatewayPath.deviceAutoApprove)
        } else if block["deviceAutoApprove"] != nil {
            changes.append("remove trustedProxy.deviceAutoApprove (OpenClaw \(capabilities.release) does not know it)")
            patch.remove(GatewayPath.deviceAutoApprove)
        }
    }

    private mutating func identityScopes(_ current: GatewayConfig, _ target: TrustedProxyTarget, retired: [String]) {
        let grants = current.identityScopes?.objectValue
        guard target.capabilities.has(.identityScopes) else {
            if current.identityScopes != nil {
                changes.append("remove auth.identityScopes (OpenClaw \(target.capabilities.release) does not know it)")
                patch.remove(GatewayPath.identityScopes)
            }
            return
        }
        let email = target.operatorEmail
        let wanted = TrustedProxyTarget.operatorScopes
        if grants?[email] != wanted {
            changes.append("auth.identityScopes[\(email)] \(Self.show(grants?[email])) → \(Self.show(wanted))")
            patch.set(GatewayPath.identity(email), wanted)
        }
        for identity in Set(retired) where identity != email && grants?[identity] != nil {
            changes.append("remove auth.identityScopes[\(identity)] (pomclaw's grant for a previous operator)")
            patch.remove(GatewayPath.identity(identity))
        }
    }

    private mutating func authMode(_ current: GatewayConfig) {
        let trustedProxy = JSONValue.string(TrustedProxyTarget.authMode)
        let credentials = [current.hasToken ? "auth.token" : nil, current.hasPassword ? "auth.password" : nil].compactMap { $0 }
        if current.authMode != trustedProxy {
            let note = credentials.isEmpty ? "" : " (removes \(credentials.joined(separator: " and ")))"
            changes.append("auth.mode \(Self.show(current.authMode)) → \(TrustedProxyTarget.authMode)\(note)")
            patch.set(GatewayPath.authMode, trustedProxy)
        } else {
            for credential in credentials {
                changes.append("remove \(credential) (trusted-proxy mode does not use it)")
            }
        }
        if current.hasToken { patch.remove(GatewayPath.token) }
        if current.hasPassword { patch.remove(GatewayPath.password) }
    }

    private mutating func originChanges(_ current: JSONValue?, target: TrustedProxyTarget, retired: [String]) {
        guard let list = current?.arrayValue else {
            expect("controlUi.allowedOrigins", current, [.string(target.origin)], at: GatewayPath.allowedOrigins)
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
        patch.set(GatewayPath.allowedOrigins, .array(kept))
    }

    /// Records a change and its write when `current` is not `wanted`.
    private mutating func expect(_ name: String, _ current: JSONValue?, _ wanted: JSONValue, at path: [String]) {
        guard current != wanted else { return }
        changes.append("\(name) \(Self.show(current)) → \(Self.show(wanted))")
        patch.set(path, wanted)
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
