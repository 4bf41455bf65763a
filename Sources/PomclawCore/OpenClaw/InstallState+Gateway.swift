extension InstallState {
    /// What pomclaw writes into the gateway's config for `target` that is not the user's to
    /// keep: the Control UI origin and, on releases with identity scopes, the operator's grant.
    private static func granted(_ target: TrustedProxyTarget) -> (origins: [String], admins: [String]) {
        ([target.origin], target.capabilities.has(.identityScopes) ? [target.operatorEmail] : [])
    }

    /// Adds `target`'s origin and admin grant to those pomclaw remembers, before they are
    /// written: a run that dies mid-way still knows they are pomclaw's. Returns whether
    /// anything changed (the caller writes the state then).
    mutating func remember(_ target: TrustedProxyTarget) -> Bool {
        let before = self
        let granted = Self.granted(target)
        openclawOrigins = Array(Set((openclawOrigins ?? []) + granted.origins)).sorted()
        let admins = Set((openclawAdmins ?? []) + granted.admins)
        openclawAdmins = admins.isEmpty ? nil : admins.sorted()
        return self != before
    }

    /// Keeps only `target`'s origin and grant, once the config holds exactly those (the
    /// retired ones were removed by the same write). Returns whether anything changed.
    mutating func settle(_ target: TrustedProxyTarget) -> Bool {
        let before = self
        let granted = Self.granted(target)
        openclawOrigins = granted.origins
        openclawAdmins = granted.admins.isEmpty ? nil : granted.admins
        return self != before
    }
}
