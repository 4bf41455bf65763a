extension Knobs {
    /// The answers the documentation and zero-api.md describe: full list items, `policyIds`,
    /// `[]` for empty lists, settings echoed as written. No working client proves them.
    public static let friendly = Knobs()

    /// What clients known to work with the live API have actually seen (zero-api-audit.md §0):
    /// routes showing `policies` objects instead of `policyIds` (Terraform provider 9c791ca),
    /// unset fields shown as `null`, `"null"` or `""` and nulls refused on write (f33839e,
    /// policy_resource.go, route_resource.go), 403 for a deleted id (client.go), and
    /// `passIdentityHeaders` reading false when unset (route_resource.go). The process tests
    /// run under it.
    public static let observed: Knobs = {
        var knobs = Knobs()
        knobs.routePolicyReferences = .policiesObjectsOnly
        knobs.showUnsetFields = true
        knobs.rejectNullsOnWrite = true
        knobs.unknownObjectStatus = 403
        knobs.passIdentityHeadersFalseWhenUnset = true
        return knobs
    }()

    /// `observed` plus every other plausible answer zero-api-audit.md §7 and zero-api.md §10
    /// name: summary list items without `namespaceId`, `null` for empty lists, SSH keys masked
    /// and storage left out of the settings, only top-level `add` in a PATCH and no empty SSH
    /// keys beside an address, no token lifetime, an organization that refuses, read-only and
    /// server-only fields refused on PUT, duplicate `from` refused, referenced policies not
    /// deletable, policy texts and the list namespace required.
    public static let strict: Knobs = {
        var knobs = observed
        knobs.summaryListItems = true
        knobs.listItemsWithoutNamespaceId = true
        knobs.nullForEmptyList = true
        knobs.settingsKeys = .masked
        knobs.settingsStorage = .omitted
        knobs.patchTopLevelAddOnly = true
        knobs.rejectEmptySSHKeysWhileAddressSet = true
        knobs.omitExpiresInSeconds = true
        knobs.forbiddenOrganization = true
        knobs.rejectReadOnlyFieldsOnPut = true
        knobs.serverOnlyField = true
        knobs.rejectDuplicateFrom = true
        knobs.rejectDeletingReferencedPolicy = true
        knobs.strictPolicyText = true
        knobs.requireNamespaceIdOnList = true
        return knobs
    }()

    /// The profile called `name` (`friendly`, `observed` or `strict`), if there is one.
    public static func profile(named name: String) -> Knobs? {
        switch name {
        case "friendly": friendly
        case "observed": observed
        case "strict": strict
        default: nil
        }
    }
}
