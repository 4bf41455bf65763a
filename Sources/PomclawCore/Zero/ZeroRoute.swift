import Foundation

/// A Pomerium Zero route as the API showed it: the fields pomclaw reads, typed, and every field
/// as read (for display; never sent back wholesale).
///
/// Attached policies are `policyIds ∪ policies[].id`: the API has answered with either
/// (Terraform provider 9c791ca). A PUT or POST body is built from the writable fields only, the
/// ones the Terraform provider sends (zero-api-audit.md §7 R4): never a null, never a field the
/// server computes.
public struct ZeroRoute: Sendable, Equatable {
    /// The optional text fields a body carries when the route has them set.
    static let optionalTextFields = ["prefix", "prefixRewrite", "tlsDownstreamServerName", "kubernetesServiceAccountToken"]

    /// The fields a PUT or POST sends: the Terraform provider's whitelist (audit §7 R4).
    public static let writableFields: Set<String> = Set(
        ["namespaceId", "name", "from", "to", "policyIds", "passIdentityHeaders", "setRequestHeaders"]
            + ZeroDesiredState.routeBooleans + optionalTextFields)

    /// Every field as the API showed it.
    public var fields: JSONObject

    public init(_ fields: JSONObject) {
        self.fields = fields
    }

    public var id: String? { ZeroJSON.text(fields, "id") }
    public var name: String? { ZeroJSON.text(fields, "name") }
    public var from: String? { ZeroJSON.text(fields, "from") }
    public var namespaceID: String? { ZeroJSON.text(fields, "namespaceId") }
    public var to: [String] { fields["to"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// The attached policies: `policyIds` and the ids of `policies`, each once, in that order.
    public var attachedPolicyIDs: [String] {
        let listed = fields["policyIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let referenced = fields["policies"]?.arrayValue?.compactMap { $0.objectValue.flatMap { ZeroJSON.text($0, "id") } } ?? []
        var seen = Set<String>()
        return (listed + referenced).filter { seen.insert($0).inserted }
    }

    /// Whether the API showed the attachments at all (a list summary may leave both out).
    public var showsAttachments: Bool {
        fields["policyIds"]?.arrayValue != nil || fields["policies"]?.arrayValue != nil
    }

    /// The request headers the route sets.
    public var requestHeaders: [String: String] {
        (fields["setRequestHeaders"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// A route boolean; the API omits false values, so absent (or null) is false.
    public func flag(_ name: String) -> Bool {
        fields[name]?.boolValue ?? false
    }

    /// Fields pomclaw neither writes nor knows as the server's: a PUT does not carry them.
    public var unwrittenFields: [String] {
        fields.filter { key, value in
            !Self.writableFields.contains(key) && !ZeroJSON.readOnlyFields.contains(key) && ZeroJSON.isSet(value)
        }.keys.sorted()
    }

    /// The full body that makes this route what `spec` wants, keeping what the Console set in
    /// the writable fields: other attached policies, other request headers, a prefix. For a
    /// route not created yet, start from `ZeroRoute([:])`.
    public func body(for spec: RouteSpec, policyID: String, namespaceID fallback: String) -> JSONObject {
        var policies = attachedPolicyIDs
        if !policies.contains(policyID) { policies.append(policyID) }
        var body: JSONObject = [
            "namespaceId": .string(namespaceID ?? fallback),
            "name": .string(name ?? spec.name),
            "from": .string(from ?? spec.from),
            "to": [.string(spec.to)],
            "policyIds": .array(policies.map(JSONValue.string)),
            "passIdentityHeaders": true,
            "setRequestHeaders": .object(spec.requestHeaders(keeping: requestHeaders).mapValues(JSONValue.string)),
        ]
        for flag in ZeroDesiredState.routeBooleans {
            body[flag] = .bool(spec.wants(flag))
        }
        for field in Self.optionalTextFields {
            if let value = ZeroJSON.text(fields, field) { body[field] = .string(value) }
        }
        return body
    }
}
