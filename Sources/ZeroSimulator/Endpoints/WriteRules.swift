/// What a policy or route write must not carry, by the knobs (shared by POST and PUT).
enum WriteRules {
    /// A 400 naming the first member of `body` the API would refuse:
    /// - `null` values while `rejectNullsOnWrite` is on (Terraform provider f33839e);
    /// - on PUT, the read-only fields `readOnly` while `rejectReadOnlyFieldsOnPut` is on
    ///   (zero-api.md §10 #12);
    /// - the server-only field while `serverOnlyField` is on (zero-api-audit.md §7 R4).
    static func check(_ body: [String: JSON], isUpdate: Bool, readOnly: [String], knobs: Knobs) throws(SimError) {
        if knobs.rejectNullsOnWrite, let field = body.keys.sorted().first(where: { body[$0] == .null }) {
            throw .badRequest("\(field) must not be null")
        }
        if isUpdate, knobs.rejectReadOnlyFieldsOnPut, let field = readOnly.first(where: { body[$0] != nil }) {
            throw .badRequest("\(field) is read-only")
        }
        if knobs.serverOnlyField, body[Knobs.serverOnlyFieldName] != nil {
            throw .badRequest("\(Knobs.serverOnlyFieldName) is set by the server")
        }
    }
}
