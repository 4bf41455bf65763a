import Foundation

/// The private keys pushed to the cluster: the user CA and the three host keys, in the order
/// ed25519, RSA, ECDSA.
public struct ClusterSSHKeys: Sendable, Equatable {
    public var userCA: Secret
    public var hostKeys: [Secret]

    public init(userCA: Secret, hostKeys: [Secret]) {
        self.userCA = userCA
        self.hostKeys = hostKeys
    }

    /// SHA-256 over the trimmed key texts, to remember what was pushed without storing it.
    public var fingerprint: String {
        let texts = [userCA.value] + hostKeys.map(\.value)
        return SHA256.hex(texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n").utf8)
    }
}

/// Reads the install's keys; nil when they do not exist yet (a dry run before the keys step).
public typealias ClusterKeysLoader = @Sendable (Context) throws -> ClusterSSHKeys?

/// The cluster-wide settings the OpenClaw routes need: Pomerium's SSH listener with our host
/// keys and user CA, the email claim header, and databroker storage. Only differing fields are
/// patched; replacing SSH keys or storage that another setup put there needs confirmation.
public struct ClusterSettingsStep: Step {
    public let id = "zero-settings"
    public let title = "Pomerium Zero cluster settings"
    let loadKeys: ClusterKeysLoader

    public init(loadKeys: @escaping ClusterKeysLoader) {
        self.loadKeys = loadKeys
    }

    public func check(_ context: Context) async throws -> CheckResult {
        let session = context.zeroSession
        let settings = try await session.settings()
        let pushed = InstallState.read(context.directory).clusters[try await session.cluster().id]?.sshKeysSHA256
        let diff = try ClusterSettingsDiff(
            current: settings, keys: loadKeys(context), pushed: pushed, sshPort: StackPorts.ssh(context.directory))
        if diff.changes.isEmpty {
            return .done(diff.note)
        }
        return .changes(Plan(diff.changes, confirmation: diff.confirmation))
    }

    public func apply(_ context: Context) async throws {
        let session = context.zeroSession
        let cluster = try await session.cluster()
        guard let keys = try loadKeys(context) else {
            throw PomclawError(
                "The SSH keys are missing, so the cluster's SSH settings cannot be set.",
                next: "Run pomclaw install again: the keys step creates them first.")
        }
        var state = InstallState.read(context.directory)
        let pushed = state.clusters[cluster.id]?.sshKeysSHA256
        let diff = ClusterSettingsDiff(current: try await session.settings(), keys: keys, pushed: pushed)
        guard !diff.operations.isEmpty else { return }
        let answer = try await context.zero.patchClusterSettingsAnswer(
            organizationID: cluster.organizationID, clusterID: cluster.id, operations: diff.operations)
        if diff.operations.contains(where: { $0.path == "/sshHostKeys" || $0.path == "/sshUserCaKey" }) {
            state.clusters[cluster.id] = .init(sshKeysSHA256: keys.fingerprint)
            try state.write(context.directory)
        }
        // The server's answer stands for the read-back when it shows the change; else read.
        if let answer {
            await session.adopt(settings: answer)
            if case .done = try await check(context) { return }
        }
        await session.forgetSettings()
    }
}

/// The differences between the cluster's settings and what pomclaw wants.
struct ClusterSettingsDiff {
    var operations: [JSONPatchOperation] = []
    var changes: [String] = []
    var confirmation: String?
    var note: String?

    /// `pushed` is the fingerprint of the keys pomclaw last pushed to this cluster: when the
    /// API returns neither key field (it may never echo private keys), keys with that
    /// fingerprint count as set.
    /// `sshPort` is the host port the stack publishes the listener on, for the change's text.
    init(current: JSONObject, keys: ClusterSSHKeys?, pushed: String? = nil, sshPort: String = StackPorts.defaultSSH) {
        var foreign: [String] = []
        let address = Self.text(current["sshAddress"])
        if address != ZeroDesiredState.sshAddress {
            operations.append(JSONPatchOperation(.add, "/sshAddress", .string(ZeroDesiredState.sshAddress)))
            changes.append("set Pomerium's SSH listener to port \(sshPort) of this host (sshAddress \(ZeroDesiredState.sshAddress) "
                + "in its container)" + (address.map { "; it was \($0)" } ?? ""))
        }

        let currentHostKeys = (current["sshHostKeys"]?.arrayValue ?? []).compactMap { Self.text($0) }
        let currentCA = Self.text(current["sshUserCaKey"])
        let keysHidden = currentHostKeys.isEmpty && currentCA == nil
        if let keys, keysHidden, pushed == keys.fingerprint {
            note = "the API does not return SSH keys; these are the keys pomclaw pushed"
        } else if let keys {
            let ours = keys.hostKeys.map { Self.trimmed($0.value) }
            if Set(currentHostKeys.map(Self.trimmed)) != Set(ours) {
                operations.append(JSONPatchOperation(.add, "/sshHostKeys", .array(ours.map(JSONValue.string))))
                changes.append("set sshHostKeys to the \(ours.count) host keys in keys/")
                if !currentHostKeys.isEmpty { foreign.append("different SSH host keys") }
            }
            if currentCA.map(Self.trimmed) != Self.trimmed(keys.userCA.value) {
                operations.append(JSONPatchOperation(.add, "/sshUserCaKey", .string(Self.trimmed(keys.userCA.value))))
                changes.append("set sshUserCaKey to the user CA in keys/")
                if currentCA != nil { foreign.append("a different SSH user CA key") }
            }
        } else {
            changes.append("set sshHostKeys and sshUserCaKey to the keys the keys step generates")
            if !currentHostKeys.isEmpty { foreign.append("different SSH host keys") }
            if currentCA != nil { foreign.append("a different SSH user CA key") }
        }

        let headers = current["jwtClaimsHeaders"]?.objectValue
        let header = ZeroDesiredState.emailHeader
        if headers?[header]?.stringValue != "email" {
            if let headers, !headers.isEmpty {
                operations.append(JSONPatchOperation(.add, "/jwtClaimsHeaders/" + Self.pointerEscaped(header), "email"))
            } else {
                operations.append(JSONPatchOperation(.add, "/jwtClaimsHeaders", [header: "email"]))
            }
            changes.append("map the email claim to the \(header) header (other header mappings kept)")
        }

        let storage = Self.text(current["databrokerStorageConnection"])
        if storage != ZeroDesiredState.databrokerStorage {
            operations.append(JSONPatchOperation(
                .add, "/databrokerStorageConnection", .string(ZeroDesiredState.databrokerStorage)))
            changes.append("set databrokerStorageConnection to \(ZeroDesiredState.databrokerStorage)")
            if storage != nil { foreign.append("a different databroker storage connection") }
        }

        if !foreign.isEmpty {
            confirmation =
                "The cluster already has \(foreign.joined(separator: ", ")). Another setup may depend on "
                + "them; replacing them breaks SSH routes or storage that rely on the current values."
        }
        if current["autoApplyChangesets"]?.boolValue == false {
            note = (note.map { $0 + "; " } ?? "") + "autoApplyChangesets is off: changes may need applying in the Pomerium Zero console"
        }
    }

    /// A string field, treating absent, `""` and `"null"` alike as unset.
    static func text(_ value: JSONValue?) -> String? {
        guard let string = value?.stringValue, !string.isEmpty, string != "null" else { return nil }
        return string
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Escapes one JSON pointer segment (RFC 6901).
    static func pointerEscaped(_ segment: String) -> String {
        segment.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
