import Foundation

/// An RFC 6901 JSON Pointer with the edit primitives RFC 6902 needs.
struct JSONPointer: Equatable {
    /// The unescaped reference tokens; empty for the whole document.
    let tokens: [String]

    /// Parses pointer text such as `/jwtClaimsHeaders/x-pomerium-claim-email`.
    init(_ text: String) throws(SimError) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw .badRequest("invalid JSON pointer \"\(text)\": must start with /")
        }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The pointer as text, for messages.
    var text: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    /// The value the pointer refers to in `document`, or `nil` when it is absent.
    func value(in document: JSON) -> JSON? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Self.index(token, count: elements.count), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// `document` with `value` added at the pointer (RFC 6902 `add`): the parent must exist.
    func adding(_ value: JSON, to document: JSON) throws(SimError) -> JSON {
        try edit(document, tokens[...]) { (parent: JSON, token: String) throws(SimError) -> JSON in
            switch parent {
            case .object(var members):
                members[token] = value
                return .object(members)
            case .array(var elements):
                if token == "-" {
                    elements.append(value)
                } else {
                    guard let index = Self.index(token, count: elements.count), index <= elements.count else {
                        throw .badRequest("add: array index \(token) out of range at \(text)")
                    }
                    elements.insert(value, at: index)
                }
                return .array(elements)
            default:
                throw .badRequest("add: parent of \(text) is not an object or array")
            }
        } root: { value }
    }

    /// `document` without the value at the pointer (RFC 6902 `remove`): the value must exist.
    func removing(from document: JSON) throws(SimError) -> JSON {
        try edit(document, tokens[...]) { (parent: JSON, token: String) throws(SimError) -> JSON in
            switch parent {
            case .object(var members):
                guard members.removeValue(forKey: token) != nil else {
                    throw .badRequest("remove: path \(text) does not exist")
                }
                return .object(members)
            case .array(var elements):
                guard let index = Self.index(token, count: elements.count), index < elements.count else {
                    throw .badRequest("remove: path \(text) does not exist")
                }
                elements.remove(at: index)
                return .array(elements)
            default:
                throw .badRequest("remove: path \(text) does not exist")
            }
        } root: { () throws(SimError) -> JSON in throw .badRequest("remove: cannot remove the whole document") }
    }

    /// `document` with the value at the pointer replaced (RFC 6902 `replace`): the value must exist.
    func replacing(with value: JSON, in document: JSON) throws(SimError) -> JSON {
        guard self.value(in: document) != nil else {
            throw .badRequest("replace: path \(text) does not exist")
        }
        let removed = try removing(from: document)
        return try adding(value, to: removed)
    }

    /// Rebuilds `node` along `path`, applying `change` to the parent of the last token.
    private func edit(
        _ node: JSON,
        _ path: ArraySlice<String>,
        change: (JSON, String) throws(SimError) -> JSON,
        root: () throws(SimError) -> JSON
    ) throws(SimError) -> JSON {
        guard let first = path.first else { return try root() }
        if path.count == 1 { return try change(node, first) }
        switch node {
        case .object(var members):
            guard let child = members[first] else {
                throw .badRequest("path \(text): parent does not exist")
            }
            members[first] = try edit(child, path.dropFirst(), change: change, root: root)
            return .object(members)
        case .array(var elements):
            guard let index = Self.index(first, count: elements.count), index < elements.count else {
                throw .badRequest("path \(text): array index \(first) does not exist")
            }
            elements[index] = try edit(elements[index], path.dropFirst(), change: change, root: root)
            return .array(elements)
        default:
            throw .badRequest("path \(text): parent is not an object or array")
        }
    }

    /// An RFC 6901 array index (no leading zeros, no sign), or `nil`.
    private static func index(_ token: String, count: Int) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { return nil }
        guard token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
