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

    /// The objects of a bare JSON array that carry an `id`; nil when the body is not an array.
    static func list(_ body: Data) -> [JSONObject]? {
        guard case .array(let items)? = try? JSONValue.parse(body) else { return nil }
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

    /// The list items whose `namespaceId` is `namespaceID` (the server's filter is not
    /// trusted: with descendants included it returns other namespaces too).
    static func objects(_ body: Data, inNamespace namespaceID: String) -> [JSONObject]? {
        list(body)?.filter { text($0, "namespaceId") == namespaceID }
    }

    /// A created object: an object with a non-empty `id`.
    static func created(_ body: Data) -> JSONObject? {
        guard let object = object(body), text(object, "id") != nil else { return nil }
        return object
    }

    /// The token exchange answer: `idToken` and `expiresInSeconds` (a JSON string holding an
    /// integer, or a number), which must be positive.
    static func grant(_ body: Data) -> (idToken: String, lifetime: Double)? {
        guard let object = object(body), let idToken = text(object, "idToken") else { return nil }
        let lifetime: Double
        switch object["expiresInSeconds"] {
        case .string(let value)?:
            guard let seconds = Int64(value.trimmingCharacters(in: .whitespaces)) else {
                return nil
            }
            lifetime = Double(seconds)
        case .number(let value)?:
            lifetime = value
        default:
            return nil
        }
        guard lifetime.isFinite, lifetime > 0 else { return nil }
        return (idToken, lifetime)
    }

    /// `body` without the read-only fields, encoded.
    static func writable(_ body: JSONObject) -> Data {
        JSONValue.object(body.filter { !readOnlyFields.contains($0.key) }).encoded()
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
