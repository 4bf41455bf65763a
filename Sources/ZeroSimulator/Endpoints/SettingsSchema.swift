/// The known cluster settings fields and their types, for validation: the Terraform provider's
/// cluster_settings schema, and BOOT's five fields (zero-api.md §5.2).
enum SettingsSchema {
    private enum Kind {
        case string, nullableString, bool, number, stringArray, stringMap, hostPort, codecType
    }

    private static let fields: [String: Kind] = [
        "address": .string, "authenticateServiceUrl": .string, "autoApplyChangesets": .bool,
        "cookieExpire": .string, "cookieHttpOnly": .bool, "cookieName": .string,
        "defaultUpstreamTimeout": .string, "dnsLookupFamily": .string, "identityProvider": .string,
        "identityProviderClientId": .string, "identityProviderClientSecret": .nullableString,
        "identityProviderUrl": .string, "logLevel": .string, "passIdentityHeaders": .bool,
        "proxyLogLevel": .string, "skipXffAppend": .bool, "timeoutIdle": .string, "timeoutRead": .string,
        "timeoutWrite": .string, "tracingSampleRate": .number, "codecType": .codecType,
        "sshAddress": .hostPort, "sshHostKeys": .stringArray, "sshUserCaKey": .string,
        "jwtClaimsHeaders": .stringMap, "databrokerStorageConnection": .string,
    ]

    /// Whether `name` is a known top-level settings field.
    static func isKnown(_ name: String) -> Bool {
        fields[name] != nil || name == "id"
    }

    /// Checks the type of field `name` in `document` (absent is fine); a 400 naming it otherwise.
    static func check(_ name: String, in document: [String: JSON]) throws(SimError) {
        guard let kind = fields[name], let value = document[name] else { return }
        let ok: Bool
        let expected: String
        switch kind {
        case .string:
            (ok, expected) = (value.stringValue != nil, "a string")
        case .nullableString:
            (ok, expected) = (value.stringValue != nil || value == .null, "a string or null")
        case .bool:
            (ok, expected) = (value.boolValue != nil, "a boolean")
        case .number:
            (ok, expected) = (value.numberValue != nil, "a number")
        case .stringArray:
            (ok, expected) = (value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false, "an array of strings")
        case .stringMap:
            (ok, expected) = (value.objectValue?.values.allSatisfy { $0.stringValue != nil } ?? false,
                              "an object of strings")
        case .hostPort:
            (ok, expected) = (value.stringValue.map(isHostPort) ?? false, "a host:port string")
        case .codecType:
            (ok, expected) = (["", "auto", "http1", "http2", "http3"].contains(value.stringValue ?? "?"),
                              "one of \"\", auto, http1, http2, http3")
        }
        guard ok else { throw .badRequest("invalid settings: \(name) must be \(expected)") }
    }

    /// `host:port` with a port in 1…65535 (host may be empty, as in `:22`).
    private static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        guard let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port) else { return false }
        return !text[..<colon].contains(" ")
    }

    /// The document as GET returns it: false, 0 and "" members omitted (Terraform provider
    /// ebd2e18: "cluster_settings bool/float zero-value drift"), `id` added (TF).
    static func rendered(_ document: [String: JSON], id: String) -> JSON {
        var members = document.filter { _, value in
            value != .bool(false) && value != .number(0) && value != .string("")
        }
        members["id"] = .string(id)
        return .object(members)
    }
}
