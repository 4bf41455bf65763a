import Foundation

/// Reads Zero API response bodies defensively and prepares request bodies.
///
/// Every field is optional; `""`, `"null"`, JSON `null` and an absent field all mean "unset".
/// A body of the wrong shape yields nil ("malformed"), never a crash or a guess.
enum ZeroJSON {
    /// Fields the server computes. They are stripped from PUT and POST bodies.
    static let readOnlyFields: Set<String> = [
        "id", "createdAt", "updatedAt", "policies", "enforcedPolicyIds", "enforcedPolicies",
        "mcp", "routes", "enforcedRoutes",
    ]

    /// A string field, or nil when it is unset in any of the ways the API expresses that.
    static func text(_ object: JSONObject, _ key: String) -> String? {
        guard let value = object[key]?.stringValue, !value.isEmpty, value != "null" else {
            return nil
        }
        return value
    }

    /// Whether `value` holds something: not `null`, `""` or `"null"`.
    static func isSet(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty && text != "null"
        default: true
        }
    }

    /// The objects of a bare JSON array that carry an `id`; a `null` body is an empty list (the
    /// original installer's `.[]?` and the Terraform provider's Go decoding both take it so,
    /// zero-api-audit.md §7 R5); nil when the body is anything else.
    static func list(_ body: Data) -> [JSONObject]? {
        let items: [JSONValue]
        switch try? JSONValue.parse(body) {
        case .array(let values)?: items = values
        case .null?: items = []
        default: return nil
        }
        return items.compactMap { item in
            guard let object = item.objectValue, text(object, "id") != nil else { return nil }
            return object
        }
    }

    /// A JSON object body; nil for anything else.
    static func object(_ body: Data) -> JSONObject? {
        (try? JSONValue.parse(body))?.objectValue
    }

    static func organizations(_ body: Data) -> [ZeroOrganization]? {
        list(body)?.compactMap { object in
            text(object, "id").map { ZeroOrganization(id: $0, name: text(object, "name") ?? "") }
        }
    }

    static func clusters(_ body: Data, organizationID: String) -> [ZeroCluster]? {
        list(body)?.compactMap { object in
            text(object, "id").map { id in
                ZeroCluster(
                    id: id, name: text(object, "name") ?? "",
                    namespaceID: text(object, "namespaceId") ?? "",
                    fqdn: text(object, "fqdn") ?? "", createdAt: text(object, "createdAt") ?? "",
                    organizationID: organizationID)
            }
        }
    }

    /// The list items of namespace `namespaceID`: items of another namespace are left out (with
    /// descendants included the server returns those too); items that do not say their
    /// namespace are kept, since the server filtered by the query (audit §7 R3).
    static func objects(_ body: Data, inNamespace namespaceID: String) -> [JSONObject]? {
        list(body)?.filter { text($0, "namespaceId").map { $0 == namespaceID } ?? true }
    }

    /// A created object: an object with a non-empty `id`.
    static func created(_ body: Data) -> JSONObject? {
        guard let object = object(body), text(object, "id") != nil else { return nil }
        return object
    }

    /// The lifetime assumed when the token answer gives none pomclaw can read: short, so the
    /// ID token is renewed early; a 401 before then logs in again anyway (audit §7 R6).
    static let assumedTokenLifetime = 300.0

    /// The token exchange answer: `idToken`, and the lifetime from `expiresInSeconds` (a JSON
    /// string holding an integer, `"3600s"`, or a number) or else `assumedTokenLifetime`. No
    /// working client reads `expiresInSeconds`, so its absence is not an error.
    static func grant(_ body: Data) -> (idToken: String, lifetime: Double)? {
        guard let object = object(body), let idToken = text(object, "idToken") else { return nil }
        return (idToken, lifetime(object["expiresInSeconds"]) ?? assumedTokenLifetime)
    }

    private static func lifetime(_ value: JSONValue?) -> Double? {
        let seconds: Double?
        switch value {
        case .string(let text)?:
            var digits = text.trimmingCharacters(in: .whitespaces)
            if digits.hasSuffix("s") { digits.removeLast() }
            seconds = Int64(digits).map(Double.init)
        case .number(let number)?:
            seconds = number
        default:
            seconds = nil
        }
        guard let seconds, seconds.isFinite, seconds > 0 else { return nil }
        return seconds
    }

    /// `body` without the read-only fields and without nulls (the API refuses a null it
    /// returned, Terraform provider f33839e), encoded.
    static func writable(_ body: JSONObject) -> Data {
        JSONValue.object(body.filter { !readOnlyFields.contains($0.key) && $0.value != .null }).encoded()
    }

    /// Every string inside `value` that holds private key text, for verbatim scrubbing.
    static func privateKeyTexts(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return text.contains("PRIVATE KEY") ? [text] : []
        case .array(let items): return items.flatMap(privateKeyTexts)
        case .object(let members): return members.values.flatMap(privateKeyTexts)
        case .null, .bool, .number: return []
        }
    }
}
