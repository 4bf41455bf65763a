import Foundation

/// Reads and extends the PPL of the "openclaw users" policy without disturbing what a user
/// added in the Console.
enum PolicyPPL {
    /// The emails the policy allows through `allow.or` criteria (`email.is` / `email.in`),
    /// lowercased.
    static func allowedEmails(_ ppl: JSONValue?) -> Set<String> {
        var emails = Set<String>()
        for rule in rules(ppl) {
            for criterion in rule["allow"]?.objectValue?["or"]?.arrayValue ?? [] {
                guard let email = criterion.objectValue?["email"]?.objectValue else { continue }
                if let value = email["is"]?.stringValue { emails.insert(value.lowercased()) }
                for value in email["in"]?.arrayValue ?? [] {
                    if let value = value.stringValue { emails.insert(value.lowercased()) }
                }
            }
        }
        return emails
    }

    static func allows(_ ppl: JSONValue?, email: String) -> Bool {
        allowedEmails(ppl).contains(email.lowercased())
    }

    /// The PPL with `{"email":{"is":email}}` added to the first rule's `allow.or`, or nil when
    /// the document has no such list to extend (a shape pomclaw must not guess at).
    static func adding(email: String, to ppl: JSONValue?) -> JSONValue? {
        let criterion: JSONValue = ["email": ["is": .string(email)]]
        func extended(_ rule: JSONObject) -> JSONObject? {
            guard var allow = rule["allow"]?.objectValue, var or = allow["or"]?.arrayValue else { return nil }
            or.append(criterion)
            allow["or"] = .array(or)
            var rule = rule
            rule["allow"] = .object(allow)
            return rule
        }
        switch parsed(ppl) {
        case .object(let rule)?:
            return extended(rule).map(JSONValue.object)
        case .array(var items)?:
            for (index, item) in items.enumerated() {
                if let rule = item.objectValue, let updated = extended(rule) {
                    items[index] = .object(updated)
                    return .array(items)
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// The rule objects of a PPL document (one object, or an array of them).
    static func rules(_ ppl: JSONValue?) -> [JSONObject] {
        switch parsed(ppl) {
        case .object(let rule)?: [rule]
        case .array(let items)?: items.compactMap(\.objectValue)
        default: []
        }
    }

    /// The PPL as JSON; a PPL sent back as a JSON string is parsed.
    static func parsed(_ ppl: JSONValue?) -> JSONValue? {
        if case .string(let text)? = ppl {
            return try? JSONValue.parse(Data(text.utf8))
        }
        return ppl
    }
}
