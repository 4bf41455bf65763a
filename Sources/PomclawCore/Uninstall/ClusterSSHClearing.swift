/// Decides whether the cluster's SSH settings are still the ones pomclaw pushed, and if so,
/// the PATCH that clears them. pomclaw clears only what it can show is its own:
///
/// - keys the API returns count as pomclaw's when they equal the keys in `keys/`, or their
///   fingerprint equals the one `.pomclaw/state.json` recorded for this cluster;
/// - keys the API does not return count as pomclaw's when the state file recorded a push to
///   this cluster (the same trust the settings step gives it);
/// - `sshAddress` is cleared with the keys only when it is still `0.0.0.0:22`.
///
/// The email claim header and the databroker storage connection are never touched: they are
/// not SSH settings, and other routes of the cluster may rely on them.
enum ClusterSSHClearing {
    static let name = "cluster SSH settings"

    static func item(current: JSONObject, local: ClusterSSHKeys?, recorded: String?, clusterID: String) -> UninstallItem {
        let address = ClusterSettingsDiff.text(current["sshAddress"])
        let hostKeys = (current["sshHostKeys"]?.arrayValue ?? []).compactMap { ClusterSettingsDiff.text($0) }
            .map(ClusterSettingsDiff.trimmed)
        let userCA = ClusterSettingsDiff.text(current["sshUserCaKey"]).map(ClusterSettingsDiff.trimmed)
        let hidden = hostKeys.isEmpty && userCA == nil
        let ourAddress = address == ZeroDesiredState.sshAddress

        var why: String
        if !hidden {
            if let local, Set(hostKeys) == Set(local.hostKeys.map { ClusterSettingsDiff.trimmed($0.value) }),
                userCA == ClusterSettingsDiff.trimmed(local.userCA.value)
            {
                why = "the keys are the ones in keys/"
            } else if let recorded,
                ClusterSSHKeys(userCA: Secret(userCA ?? ""), hostKeys: hostKeys.map { Secret($0) }).fingerprint == recorded
            {
                why = "the keys are the ones pomclaw pushed"
            } else {
                return UninstallItem(name, .kept(
                    "the cluster's SSH keys are neither the ones in keys/ nor the ones pomclaw pushed from this "
                        + "directory; another setup may use them, so they are left as they are"))
            }
        } else if recorded != nil {
            why = "the API does not return SSH keys; .pomclaw/state.json records that pomclaw pushed them"
        } else if ourAddress {
            return UninstallItem(name, .kept(
                "sshAddress is \(ZeroDesiredState.sshAddress) but no SSH keys are visible and .pomclaw/state.json has "
                    + "no record of pomclaw pushing any, so pomclaw cannot tell it set them; left as they are"))
        } else {
            return UninstallItem(name, .absent("no SSH keys set by pomclaw"))
        }

        var operations = [
            JSONPatchOperation(.add, "/sshHostKeys", .array([])),
            JSONPatchOperation(.add, "/sshUserCaKey", .string("")),
        ]
        var cleared = "clear sshHostKeys and sshUserCaKey"
        if ourAddress {
            operations.append(JSONPatchOperation(.remove, "/sshAddress"))
            cleared += " and sshAddress"
        } else if let address {
            why += "; sshAddress \(address) is not pomclaw's value and stays"
        }
        return UninstallItem(
            name, .present("\(cleared) (\(why)); the email claim header and databroker storage stay"),
            target: .clusterSSH(clusterID: clusterID, operations: operations))
    }
}
