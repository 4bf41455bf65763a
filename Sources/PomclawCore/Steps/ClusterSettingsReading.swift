import Foundation

/// Reads the settings fields pomclaw writes out of `GET …/settings`, which is advisory: no
/// working client has ever read them back, so the API may leave them out, mask them
/// (`"********"`), or reshape them (`{"values":[…]}`, public keys) (zero-api-audit.md §7 R1).
/// A field counts as shown only in a form pomclaw can compare; anything else is unknown.
enum ClusterSettingsReading {
    /// A string field as shown; nil when absent, `""` or `"null"`.
    static func text(_ value: JSONValue?) -> String? {
        guard let string = value?.stringValue, !string.isEmpty, string != "null" else { return nil }
        return string
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// OpenSSH (or PEM) private key text, trimmed; nil for anything else (masked, a public key).
    static func privateKey(_ value: JSONValue?) -> String? {
        guard let text = text(value).map(trimmed), text.hasPrefix("-----BEGIN "),
            text.contains("PRIVATE KEY-----"), text.hasSuffix("-----")
        else { return nil }
        return text
    }

    /// The host keys when every one is shown as private key text; `[]` when the API shows an
    /// empty list; nil when they are absent or shown in any other form.
    static func hostKeys(_ value: JSONValue?) -> [String]? {
        guard let items = value?.arrayValue else { return nil }
        let keys = items.compactMap(privateKey)
        return keys.count == items.count ? keys : nil
    }

    /// The CA key as private key text, or nil (absent, masked, reshaped).
    static func userCAKey(_ value: JSONValue?) -> String? {
        privateKey(value)
    }

    /// The claim header mapping when it is an object of strings; nil otherwise.
    static func claimHeaders(_ value: JSONValue?) -> [String: String]? {
        guard let object = value?.objectValue else { return nil }
        let headers = object.compactMapValues(\.stringValue)
        return headers.count == object.count ? headers : nil
    }

    /// A storage connection that reads as a URL; nil when absent or masked.
    static func storage(_ value: JSONValue?) -> String? {
        guard let text = text(value), text.contains("://"), !text.contains("***") else { return nil }
        return text
    }

    /// Whether `shown` is the same listener as `wanted` (`0.0.0.0:22`): the same port on any
    /// address (`:22`, `[::]:22` and `0.0.0.0:22` all listen everywhere).
    static func sameAddress(_ shown: String, _ wanted: String) -> Bool {
        func split(_ text: String) -> (host: String, port: String)? {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            return (["", "0.0.0.0", "::"].contains(host) ? "*" : host, String(text[text.index(after: colon)...]))
        }
        guard let left = split(shown), let right = split(wanted) else { return shown == wanted }
        return left == right
    }

    /// SHA-256 of a value pomclaw pushed, to recognise it later without storing it: host keys
    /// sorted, so the order the API keeps does not matter.
    static func fingerprint(_ value: JSONValue) -> String {
        if let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count {
            return SHA256.hex(JSONValue.array(items.sorted().map(JSONValue.string)).encoded())
        }
        return SHA256.hex(value.encoded())
    }
}
