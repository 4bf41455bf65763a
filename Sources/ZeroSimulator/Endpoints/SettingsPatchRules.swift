/// What a settings PATCH may do, by the knobs (zero-api-audit.md §2 C5, §7 R2 and R8).
enum SettingsPatchRules {
    /// A 400 for an operation other than a top-level `add` while `patchTopLevelAddOnly` is on
    /// (the only form a working client sends), or for a `null` value while
    /// `rejectNullsOnWrite` is on (Terraform provider f33839e).
    static func check(_ patch: JSONPatch, knobs: Knobs) throws(SimError) {
        for operation in patch.operations {
            if knobs.patchTopLevelAddOnly, operation.op != "add" || operation.path.tokens.count != 1 {
                throw .badRequest("\(operation.op) \(operation.path.text): only add of a top-level settings field is supported")
            }
            if knobs.rejectNullsOnWrite, operation.value == .null {
                throw .badRequest("\(operation.path.text) must not be null")
            }
        }
    }

    /// A 400 when the patched document leaves the SSH keys empty while `sshAddress` is set and
    /// `rejectEmptySSHKeysWhileAddressSet` is on (audit §7 R8: plausible).
    static func checkResult(_ document: [String: JSON], knobs: Knobs) throws(SimError) {
        guard knobs.rejectEmptySSHKeysWhileAddressSet, document["sshAddress"]?.stringValue?.isEmpty == false else { return }
        let hostKeys = document["sshHostKeys"]?.arrayValue ?? []
        let userCA = document["sshUserCaKey"]?.stringValue ?? ""
        if hostKeys.isEmpty || userCA.isEmpty {
            throw .badRequest("invalid settings: an SSH address needs SSH host keys and a user CA key")
        }
    }
}

/// How `GET …/settings` (and a PATCH answer) shows the document, by the knobs.
enum SettingsDisplayRules {
    /// The mask shown for a secret while a display knob says `masked`.
    static let mask = "********"

    /// `document` as answered: zero values left out (see `SettingsSchema.rendered`), keys and
    /// storage echoed, masked or left out (`settingsKeys`, `settingsStorage`; audit §7 R1),
    /// and an unset `proxyLogLevel` shown as `null` while `showUnsetFields` is on (Terraform
    /// provider f33839e: "The API may return null for this field").
    static func shown(_ document: [String: JSON], id: String, knobs: Knobs) -> JSON {
        var shown = document
        apply(knobs.settingsKeys, to: ["sshHostKeys", "sshUserCaKey"], in: &shown)
        apply(knobs.settingsStorage, to: ["databrokerStorageConnection"], in: &shown)
        guard var members = SettingsSchema.rendered(shown, id: id).objectValue else { return .null }
        if knobs.showUnsetFields, members["proxyLogLevel"] == nil { members["proxyLogLevel"] = .null }
        return .object(members)
    }

    private static func apply(_ display: Knobs.SettingsDisplay, to fields: [String], in document: inout [String: JSON]) {
        for field in fields {
            switch display {
            case .echoed: continue
            case .omitted: document[field] = nil
            case .masked: document[field] = document[field].map(masked)
            }
        }
    }

    private static func masked(_ value: JSON) -> JSON {
        switch value {
        case .string(let text): text.isEmpty ? value : .string(mask)
        case .array(let items): .array(items.map(masked))
        default: value
        }
    }
}
