/// The allow-list of the "openclaw users" policy as `pomclaw access` edits it: the emails of
/// the `allow.or` criteria (`email.is` / `email.in`), in the order the policy lists them.
extension PolicyPPL {
    /// The allowed emails, lowercased, each once, in the policy's order.
    static func emailList(_ ppl: JSONValue?) -> [String] {
        var seen = Set<String>()
        var emails: [String] = []
        for rule in rules(ppl) {
            for criterion in rule["allow"]?.objectValue?["or"]?.arrayValue ?? [] {
                guard let email = criterion.objectValue?["email"]?.objectValue else { continue }
                let values = [email["is"]].compactMap { $0?.stringValue } + (email["in"]?.arrayValue ?? []).compactMap(\.stringValue)
                for value in values.map({ $0.lowercased() }) where seen.insert(value).inserted {
                    emails.append(value)
                }
            }
        }
        return emails
    }

    /// The PPL without `email` (compared case-insensitively) in any rule's `allow.or`: an
    /// `{"email":{"is":…}}` criterion is dropped, an `email.in` list loses the address (and the
    /// criterion goes when the list empties). Everything else is kept as it is. Nil when the
    /// email is allowed in a shape pomclaw does not edit (it would still be allowed after).
    static func removing(email: String, from ppl: JSONValue?) -> JSONValue? {
        let target = email.lowercased()
        func without(_ criterion: JSONValue) -> JSONValue? {
            guard let object = criterion.objectValue, object.count == 1, var email = object["email"]?.objectValue else {
                return criterion
            }
            if email["is"]?.stringValue?.lowercased() == target {
                email.removeValue(forKey: "is")
            }
            if let list = email["in"]?.arrayValue {
                let kept = list.filter { $0.stringValue?.lowercased() != target }
                if kept.isEmpty {
                    email.removeValue(forKey: "in")
                } else {
                    email["in"] = .array(kept)
                }
            }
            if email.isEmpty { return Optional<JSONValue>.none }
            return .object(["email": .object(email)])
        }
        func edited(_ rule: JSONObject) -> JSONObject {
            guard var allow = rule["allow"]?.objectValue, let or = allow["or"]?.arrayValue else { return rule }
            allow["or"] = .array(or.compactMap(without))
            var rule = rule
            rule["allow"] = .object(allow)
            return rule
        }
        let result: JSONValue
        switch parsed(ppl) {
        case .object(let rule)?: result = .object(edited(rule))
        case .array(let items)?: result = .array(items.map { $0.objectValue.map { .object(edited($0)) } ?? $0 })
        default: return nil
        }
        if allows(result, email: email) { return Optional<JSONValue>.none }
        return result
    }

    /// Whether any rule still allows someone: an `allow` with a non-empty operator list or a
    /// criterion of any kind. False means the policy denies everyone.
    static func grantsAnyone(_ ppl: JSONValue?) -> Bool {
        rules(ppl).contains { rule in
            guard let allow = rule["allow"]?.objectValue else { return false }
            return allow.values.contains { value in
                if let list = value.arrayValue { return !list.isEmpty }
                return true
            }
        }
    }
}
