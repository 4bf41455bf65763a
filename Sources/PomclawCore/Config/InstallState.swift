import Foundation

/// What pomclaw remembers between runs, in `.pomclaw/state.json` (0600 in a 0700 folder).
/// Only facts it cannot read back from the world: a lost or corrupt file costs at most one
/// extra (idempotent) write.
public struct InstallState: Codable, Sendable, Equatable {
    /// Per cluster id: what pomclaw last pushed to it.
    public var clusters: [String: ClusterRecord] = [:]
    /// Origins pomclaw put in the gateway's `controlUi.allowedOrigins`
    /// (`https://openclaw.<domain>`). Those of earlier cluster domains are removed on the next
    /// run; every other origin there is the user's. Nil in state files from before it existed.
    public var openclawOrigins: [String]?
    /// Identities pomclaw granted admin in the gateway's `gateway.auth.identityScopes` (the
    /// operator's email, on OpenClaw releases that have it). Those of earlier operators are
    /// removed on the next run; every other identity there is the user's. Nil in state files
    /// from before it existed.
    public var openclawAdmins: [String]?
    /// The last CLI read of the gateway's config a run that may write made, with the file it
    /// was made over (`GatewayConfigRead`): a later run finding the same file uses it instead
    /// of starting OpenClaw's CLI. Nil in state files from before it existed.
    public var gatewayConfig: GatewayConfigRecord?
    /// SHA-256 of each stack file pomclaw last wrote, by path: a file that still has it was
    /// not edited and may be replaced by a newer pomclaw's version without asking. Nil in
    /// state files from before it existed.
    public var stackFiles: [String: String]?

    public struct ClusterRecord: Codable, Sendable, Equatable {
        /// SHA-256 of the SSH keys pushed to the cluster settings (see `ClusterSSHKeys`); nil
        /// when pomclaw pushed none.
        public var sshKeysSHA256: String?
        /// SHA-256 of each settings value pomclaw pushed, by field (`sshAddress`,
        /// `sshHostKeys`, `sshUserCaKey`, `jwtClaimsHeaders` (pomclaw's mapping only),
        /// `databrokerStorageConnection`): a field the API does not show counts as set when it
        /// still has this fingerprint. Nil in state files from before it existed.
        public var settingsSHA256: [String: String]?

        public init(sshKeysSHA256: String? = nil, settingsSHA256: [String: String]? = nil) {
            self.sshKeysSHA256 = sshKeysSHA256
            self.settingsSHA256 = settingsSHA256
        }
    }

    public init() {}

    public static func path(_ directory: InstallDirectory) -> String {
        directory.file(".pomclaw/state.json")
    }

    /// The saved state; empty when there is none or it cannot be parsed.
    public static func read(_ directory: InstallDirectory) -> InstallState {
        guard let data = FileManager.default.contents(atPath: path(directory)),
            let state = try? JSONDecoder().decode(InstallState.self, from: data)
        else { return InstallState() }
        return state
    }

    public func write(_ directory: InstallDirectory) throws {
        try AtomicFile.createDirectory(directory.file(".pomclaw"), mode: 0o700)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: Self.path(directory), mode: 0o600)
    }
}
