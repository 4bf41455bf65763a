/// Decides whether the cluster's SSH keys are still the ones pomclaw pushed, and if so, the
/// PATCH that clears them. pomclaw clears only what it can show is its own:
///
/// - keys the API shows as private key text count as pomclaw's when they equal the keys in
///   `keys/`, or their fingerprint equals the one `.pomclaw/state.json` recorded for this
///   cluster;
/// - keys the API does not show (absent, masked, reshaped) count as pomclaw's when the state
///   file recorded a push to this cluster (the same trust the settings step gives it).
///
/// The PATCH uses only top-level `add`, the one operation a working client has sent
/// (zero-api-audit.md §7 R8): empty host keys and an empty CA key. `sshAddress`, the email
/// claim header and the databroker storage connection stay: other routes of the cluster may
/// rely on them. If Pomerium Zero refuses, the Console's SSH settings page is the way.
enum ClusterSSHClearing {
    static let name = "cluster SSH settings"
    /// Where the Console edits them, for when the API refuses to clear them.
    static let consolePage = "the Pomerium Zero console, Settings → SSH"

    static func item(current: JSONObject, local: ClusterSSHKeys?, recorded: String?, clusterID: String) -> UninstallItem {
        typealias Read = ClusterSettingsReading
        let hostKeys = Read.hostKeys(current["sshHostKeys"])
        let userCA = Read.userCAKey(current["sshUserCaKey"])
        let shownEmpty = hostKeys?.isEmpty == true && userCA == nil
        let shown = (hostKeys?.isEmpty == false) || userCA != nil
        let why: String
        if shown {
            let shownKeys = ClusterSSHKeys(userCA: Secret(userCA ?? ""), hostKeys: (hostKeys ?? []).map { Secret($0) })
            if let local, Set(hostKeys ?? []) == Set(local.hostKeys.map { Read.trimmed($0.value) }),
                userCA == Read.trimmed(local.userCA.value)
            {
                why = "the keys are the ones in keys/"
            } else if let recorded, shownKeys.fingerprint == recorded {
                why = "the keys are the ones pomclaw pushed"
            } else {
                return UninstallItem(name, .kept(
                    "the cluster's SSH keys are neither the ones in keys/ nor the ones pomclaw pushed from this "
                        + "directory; another setup may use them, so they are left as they are"))
            }
        } else if shownEmpty {
            return UninstallItem(name, .absent("no SSH keys set"))
        } else if recorded != nil {
            why = "the API does not show the SSH keys; .pomclaw/state.json records that pomclaw pushed them"
        } else if Read.text(current["sshAddress"]) == ZeroDesiredState.sshAddress {
            return UninstallItem(name, .kept(
                "sshAddress is \(ZeroDesiredState.sshAddress) but the API shows no SSH keys and .pomclaw/state.json has "
                    + "no record of pomclaw pushing any, so pomclaw cannot tell it set them; left as they are"))
        } else {
            return UninstallItem(name, .absent("no SSH keys set by pomclaw"))
        }
        let operations = [
            JSONPatchOperation(.add, "/sshHostKeys", .array([])),
            JSONPatchOperation(.add, "/sshUserCaKey", .string("")),
        ]
        return UninstallItem(
            name, .present("clear sshHostKeys and sshUserCaKey (\(why)); sshAddress, the email claim header and databroker storage stay"),
            target: .clusterSSH(clusterID: clusterID, operations: operations))
    }
}
