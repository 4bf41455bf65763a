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
/// keys and user CA, the email claim header, and databroker storage. Only fields that differ,
/// or that the API does not show and pomclaw has not pushed, are patched (see
/// `ClusterSettingsDiff`); replacing SSH keys or storage that another setup put there needs
/// confirmation. What it pushes is remembered as fingerprints in `.pomclaw/state.json`.
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
        let record = InstallState.read(context.directory).clusters[try await session.cluster().id]
        let diff = try Self.diff(settings, keys: loadKeys(context), record: record, sshPort: StackPorts.ssh(context.directory))
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
        let diff = Self.diff(
            try await session.settings(), keys: keys, record: state.clusters[cluster.id], sshPort: StackPorts.ssh(context.directory))
        guard !diff.operations.isEmpty else { return }
        let answer = try await context.zero.patchClusterSettingsAnswer(
            organizationID: cluster.organizationID, clusterID: cluster.id, operations: diff.operations)
        var record = state.clusters[cluster.id] ?? InstallState.ClusterRecord()
        record.settingsSHA256 = (record.settingsSHA256 ?? [:]).merging(diff.pushed) { _, new in new }
        if diff.pushed["sshHostKeys"] != nil || diff.pushed["sshUserCaKey"] != nil {
            record.sshKeysSHA256 = keys.fingerprint
        }
        state.clusters[cluster.id] = record
        try state.write(context.directory)
        // The server's answer stands for the read-back when it shows the change; else read.
        if let answer {
            await session.adopt(settings: answer)
            if case .done = try await check(context) { return }
        }
        await session.forgetSettings()
    }

    static func diff(
        _ settings: JSONObject, keys: ClusterSSHKeys?, record: InstallState.ClusterRecord?, sshPort: String = StackPorts.defaultSSH
    ) -> ClusterSettingsDiff {
        ClusterSettingsDiff(
            current: settings, keys: keys, recorded: record?.settingsSHA256 ?? [:], recordedKeys: record?.sshKeysSHA256,
            sshPort: sshPort)
    }
}
