import Foundation

/// A Pomerium Zero policy as the API showed it: the fields pomclaw reads, typed, and every
/// field as read (for display; never sent back wholesale).
///
/// The API may leave fields out of list items (working clients read only `id` and `name` from a
/// list), write unset text as `null` or the string `"null"`, and refuse on write what it
/// returned on read (zero-api-audit.md §7 R3, R4). So a PUT body is built from the writable
/// fields only, the ones the Terraform provider sends: never a null, never a server field.
public struct ZeroPolicy: Sendable, Equatable {
    /// The fields a PUT sends: the Terraform provider's whitelist (audit §7 R4).
    public static let writableFields: Set<String> = [
        "namespaceId", "name", "enforced", "ppl", "description", "explanation", "remediation",
    ]

    /// Every field as the API showed it.
    public var fields: JSONObject

    public init(_ fields: JSONObject) {
        self.fields = fields
    }

    public var id: String? { ZeroJSON.text(fields, "id") }
    public var name: String? { ZeroJSON.text(fields, "name") }
    /// The namespace, when the API showed it.
    public var namespaceID: String? { ZeroJSON.text(fields, "namespaceId") }
    /// The PPL document (a PPL sent back as a JSON string is parsed); nil when not shown.
    public var ppl: JSONValue? {
        switch PolicyPPL.parsed(fields["ppl"]) {
        case nil, .null?: nil
        case let value?: value
        }
    }
    /// `enforced`, false when not shown (the API omits false values).
    public var enforced: Bool { fields["enforced"]?.boolValue ?? false }

    /// Whether the API showed more than a list summary: a PPL to read.
    public var showsPPL: Bool { ppl != nil }

    /// The PUT body that keeps this policy as it is but for `ppl`: the seven writable fields,
    /// text fields as `""` when unset, `namespaceId` from the read or else `namespaceID`.
    public func updateBody(ppl: JSONValue, namespaceID fallback: String) -> JSONObject {
        var body: JSONObject = [
            "namespaceId": .string(namespaceID ?? fallback),
            "name": .string(name ?? ZeroDesiredState.policyName),
            "enforced": .bool(enforced),
            "ppl": ppl,
        ]
        for field in ["description", "explanation", "remediation"] {
            body[field] = .string(ZeroJSON.text(fields, field) ?? "")
        }
        return body
    }
}
