import Foundation

/// Removes secrets from text that came from the server or the transport before it goes into
/// an error: the known secrets verbatim (also JSON-escaped), private key blocks, JWTs and long
/// token-like strings. Control characters are neutralised so a server cannot drive the
/// user's terminal.
struct ZeroScrubber: Sendable {
    static let redacted = "<redacted>"
    /// Server messages are cut to this many characters after scrubbing.
    static let messageLimit = 2048
    /// Only this much of a raw body is ever looked at.
    static let rawLimit = 65536

    private let secrets: [String]

    /// `secrets`: the API token, every ID token issued, private keys sent in the body. Empty
    /// strings are ignored.
    init(secrets: [String]) {
        var variants = Set<String>()
        for secret in secrets where !secret.isEmpty {
            variants.insert(secret)
            let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { variants.insert(trimmed) }
            // As it appears inside a JSON string, with and without escaped slashes.
            var escaped = String(decoding: JSONValue.string(trimmed).encoded(), as: UTF8.self)
            escaped = String(escaped.dropFirst().dropLast())
            variants.insert(escaped)
            variants.insert(escaped.replacingOccurrences(of: "/", with: "\\/"))
            // A server may echo a single line of a key.
            for line in trimmed.split(whereSeparator: \.isNewline) where line.count >= 16 {
                variants.insert(String(line))
            }
        }
        self.secrets = variants.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// `text` with the known secrets replaced by `<redacted>`, and nothing else changed.
    func scrubKnown(_ text: String) -> String {
        var text = text
        for secret in secrets {
            text = text.replacingOccurrences(of: secret, with: Self.redacted)
        }
        return text
    }

    /// `text` with every secret-looking part replaced by `<redacted>`.
    func scrub(_ text: String) -> String {
        var text = scrubKnown(text)
        text = text.replacing(
            #/-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|\z)/#,
            with: Self.redacted)
        text = text.replacing(
            #/eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}(?:\.[A-Za-z0-9_\-]*)?/#,
            with: Self.redacted)
        text = text.replacing(#/[A-Za-z0-9+\/_\\\-]{33,}={0,2}/#) { match in
            Self.isPathLike(match.output) ? String(match.output) : Self.redacted
        }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar == "\n" || scalar == "\t" || scalar.properties.generalCategory != .control
                        ? scalar : "?"
                }))
    }

    /// The server's message from an error body: JSON `error`, else `message`, else the raw
    /// text; scrubbed, trimmed and cut to `messageLimit` characters. Nil for an empty body.
    func serverMessage(_ body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        var text: String?
        if body.count <= Self.rawLimit, case .object(let object)? = try? JSONValue.parse(body) {
            text = [object["error"], object["message"]].lazy
                .compactMap { $0?.stringValue }
                .first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }
        let raw = text ?? String(decoding: body.prefix(Self.rawLimit), as: UTF8.self)
        return clean(raw)
    }

    /// Scrubbed, trimmed and cut to `messageLimit` characters; nil when nothing is left.
    func clean(_ text: String) -> String? {
        let trimmed = scrub(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count > Self.messageLimit else { return trimmed }
        return String(trimmed.prefix(Self.messageLimit)) + "… (truncated)"
    }

    /// A URL path made of short words (`/organizations/bAbc…/routes`) is not a token.
    private static func isPathLike(_ text: Substring) -> Bool {
        let segments = text.replacingOccurrences(of: "\\", with: "").split(separator: "/")
        guard segments.count > 1 else { return false }
        return segments.allSatisfy { segment in
            segment.count <= 32
                && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }
        }
    }
}
