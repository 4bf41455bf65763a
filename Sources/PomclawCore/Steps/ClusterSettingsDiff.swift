/// The differences between the cluster's settings and what pomclaw wants, and the PATCH that
/// removes them: top-level `add` operations only, the form the original installer proves
/// (zero-api-audit.md §7 R1, R2).
///
/// A field is compared only when `GET …/settings` shows it in a comparable form. A field the
/// API does not show counts as set when `.pomclaw/state.json` records that pomclaw pushed this
/// very value to the cluster; otherwise it is pushed again (an idempotent `add`). Replacing a
/// value needs confirmation only when the API shows it, it is not what pomclaw wants, and it
/// is not a value pomclaw pushed before.
struct ClusterSettingsDiff {
    var operations: [JSONPatchOperation] = []
    var changes: [String] = []
    var confirmation: String?
    var note: String?
    /// The fingerprint of each value the operations push, by field, for the state file.
    var pushed: [String: String] = [:]

    private var foreign: [String] = []
    private var notShown: [String] = []

    /// - Parameters:
    ///   - recorded: fingerprints of the values pomclaw pushed to this cluster, by field.
    ///   - recordedKeys: the fingerprint of the SSH keys pomclaw pushed (`ClusterSSHKeys`),
    ///     as state files written before per-field fingerprints hold it.
    /// `sshPort` is the host port the stack publishes the listener on, for the change's text.
    init(
        current: JSONObject, keys: ClusterSSHKeys?, recorded: [String: String] = [:], recordedKeys: String? = nil,
        sshPort: String = StackPorts.defaultSSH
    ) {
        typealias Read = ClusterSettingsReading
        let wantedAddress = ZeroDesiredState.sshAddress
        let address = Read.text(current["sshAddress"])
        field("sshAddress", .string(wantedAddress), recorded,
              shown: address.map { (shown: String) -> Shown in Read.sameAddress(shown, wantedAddress) ? .same : .different(owned: true) },
              change: "set Pomerium's SSH listener to port \(sshPort) of this host (sshAddress \(wantedAddress) in its container)"
                + (address.map { "; it was \($0)" } ?? ""), what: "")

        if let keys {
            let hostKeys = keys.hostKeys.map { Read.trimmed($0.value) }
            let keysPushed = recordedKeys == keys.fingerprint
            let shownHostKeys = Read.hostKeys(current["sshHostKeys"])
            field("sshHostKeys", .array(hostKeys.map(JSONValue.string)), recorded, alsoRecorded: keysPushed,
                  shown: shownHostKeys.map { (shown: [String]) -> Shown in
                      Set(shown) == Set(hostKeys) ? .same
                          : .different(owned: shown.isEmpty || recorded["sshHostKeys"] == Read.fingerprint(.array(shown.map(JSONValue.string))))
                  },
                  change: "set sshHostKeys to the \(hostKeys.count) host keys in keys/", what: "different SSH host keys")
            let userCA = Read.trimmed(keys.userCA.value)
            field("sshUserCaKey", .string(userCA), recorded, alsoRecorded: keysPushed,
                  shown: Read.userCAKey(current["sshUserCaKey"]).map { (shown: String) -> Shown in
                      shown == userCA ? .same : .different(owned: recorded["sshUserCaKey"] == Read.fingerprint(.string(shown)))
                  },
                  change: "set sshUserCaKey to the user CA in keys/", what: "a different SSH user CA key")
        } else {
            changes.append("set sshHostKeys and sshUserCaKey to the keys the keys step generates")
            if Read.hostKeys(current["sshHostKeys"])?.isEmpty == false { foreign.append("different SSH host keys") }
            if Read.userCAKey(current["sshUserCaKey"]) != nil { foreign.append("a different SSH user CA key") }
        }

        claimHeader(current, recorded)

        let storage = Read.storage(current["databrokerStorageConnection"])
        let wantedStorage = ZeroDesiredState.databrokerStorage
        field("databrokerStorageConnection", .string(wantedStorage), recorded,
              shown: storage.map { (shown: String) -> Shown in
                  shown == wantedStorage ? .same : .different(owned: recorded["databrokerStorageConnection"] == Read.fingerprint(.string(shown)))
              },
              change: "set databrokerStorageConnection to \(wantedStorage)", what: "a different databroker storage connection")

        if !foreign.isEmpty {
            confirmation =
                "The cluster already has \(foreign.joined(separator: ", ")). Another setup may depend on "
                + "them; replacing them breaks SSH routes or storage that rely on the current values."
        }
        var notes: [String] = []
        if !notShown.isEmpty {
            notes.append("the API does not show \(notShown.joined(separator: ", ")); pomclaw pushed these values to this cluster")
        }
        if current["autoApplyChangesets"]?.boolValue == false {
            notes.append("autoApplyChangesets is off: changes may need applying in the Pomerium Zero console")
        }
        note = notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// What the API shows of one field.
    private enum Shown {
        case same
        /// Different; `owned` when replacing it cannot hurt another setup (pomclaw's own earlier
        /// value, or nothing).
        case different(owned: Bool)
    }

    /// Plans the top-level `add` of `field` unless it is shown the same, or it is not shown and
    /// the state file (or `alsoRecorded`) says pomclaw pushed exactly `value`.
    private mutating func field(
        _ field: String, _ value: JSONValue, _ recorded: [String: String], alsoRecorded: Bool = false,
        shown: Shown?, change: String, what: String
    ) {
        let fingerprint = ClusterSettingsReading.fingerprint(value)
        switch shown {
        case .same?:
            return
        case nil where recorded[field] == fingerprint || alsoRecorded:
            notShown.append(field)
            return
        case nil:
            changes.append(change)
        case .different(let owned)?:
            changes.append(change)
            if !owned { foreign.append(what) }
        }
        operations.append(JSONPatchOperation(.add, "/" + field, value))
        pushed[field] = fingerprint
    }

    /// The email claim header: always the whole map at the top-level path, merged with the
    /// mappings the API shows (a nested pointer is a form no client has sent, audit §7 R2).
    private mutating func claimHeader(_ current: JSONObject, _ recorded: [String: String]) {
        let header = ZeroDesiredState.emailHeader
        let shown = ClusterSettingsReading.claimHeaders(current["jwtClaimsHeaders"])
        let ours: JSONValue = [header: "email"]
        let fingerprint = ClusterSettingsReading.fingerprint(ours)
        guard let shown else {
            if recorded["jwtClaimsHeaders"] == fingerprint {
                notShown.append("jwtClaimsHeaders")
                return
            }
            operations.append(JSONPatchOperation(.add, "/jwtClaimsHeaders", ours))
            changes.append("map the email claim to the \(header) header")
            pushed["jwtClaimsHeaders"] = fingerprint
            return
        }
        if shown.contains(where: { $0.key.lowercased() == header && $0.value == "email" }) { return }
        var merged = shown.filter { $0.key.lowercased() != header }.mapValues(JSONValue.string)
        merged[header] = "email"
        operations.append(JSONPatchOperation(.add, "/jwtClaimsHeaders", .object(merged)))
        changes.append("map the email claim to the \(header) header (other header mappings kept)")
        pushed["jwtClaimsHeaders"] = fingerprint
    }
}
