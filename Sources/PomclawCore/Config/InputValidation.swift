import Foundation

/// Checks and normalises input values. Error messages name the setting, never a secret's value.
public enum InputValidation {
    /// The page where users create API tokens.
    public static let apiTokenPage = "https://console.pomerium.app/app/management/api-tokens"

    /// The longest token accepted: issued tokens are far shorter, so a longer value is a wrong
    /// file or a broken paste.
    public static let maximumTokenLength = 16 * 1024

    /// A token: non-empty, printable ASCII without spaces (as issued), at most
    /// `maximumTokenLength` characters; the cluster token must also fit in `.env`, which the
    /// stack reads.
    public static func token(_ raw: String, _ key: InputKey) throws -> Secret {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw PomclawError("\(key.variable) is empty.", next: "Supply it with \(key.howToSupply).")
        }
        let copyAgain = key == .apiToken
            ? "Copy the token again from \(apiTokenPage)."
            : "Copy the cluster token again from the Pomerium Zero console."
        guard value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw PomclawError(
                "\(key.variable) contains spaces, control characters or characters outside ASCII, so it is not a token as issued.",
                next: copyAgain)
        }
        guard value.utf8.count <= maximumTokenLength else {
            throw PomclawError(
                "\(key.variable) is \(value.utf8.count) characters long, longer than any token as issued.",
                next: key.fileFlag.map { "Check that \($0) names the token file, then \(copyAgain.prefix(1).lowercased())\(copyAgain.dropFirst())" } ?? copyAgain)
        }
        if key == .zeroToken {
            do {
                _ = try DotEnvQuoting.encode(value, key: key.variable)
            } catch {
                throw PomclawError(
                    "\(key.variable) holds characters that .env cannot keep as they are, so it is not a token as issued.",
                    next: copyAgain)
            }
        }
        return Secret(value)
    }

    /// A cluster domain as users paste it: trims whitespace, a scheme, paths, slashes and
    /// trailing dots; lowercases. `https://Trusted-Dog-1049.pomerium.app/` becomes
    /// `trusted-dog-1049.pomerium.app`.
    public static func normalizedDomain(_ raw: String) -> String {
        var value = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for scheme in ["https://", "http://"] where value.hasPrefix(scheme) {
            value.removeFirst(scheme.count)
        }
        if let slash = value.firstIndex(of: "/") { value = String(value[..<slash]) }
        while value.hasSuffix(".") { value.removeLast() }
        return value
    }

    /// A cluster domain: a DNS name of at least two labels, each 1–63 letters, digits and
    /// inner hyphens, at most 253 characters in all (after `normalizedDomain`). It becomes
    /// host names in routes and a network alias in the stack, so nothing else is accepted.
    public static func domain(_ raw: String) throws -> String {
        let value = normalizedDomain(raw)
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = value.utf8.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        guard valid else {
            throw PomclawError(
                "\(InputKey.clusterDomain.variable) \(shown(raw)) is not a domain name.",
                next: "Use the cluster's domain as the Pomerium Zero console shows it, e.g. trusted-dog-1049.pomerium.app.")
        }
        return value
    }

    /// An email address: one `@`, a non-empty local part, a domain with a dot, no spaces, quotes
    /// or control characters, no U+FFFD (bytes that were not UTF-8), and writable to `.env`.
    public static func email(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
            .union(CharacterSet(charactersIn: "\"<>()[],;:\\"))
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && value.count <= 254
            && value.unicodeScalars.allSatisfy { !forbidden.contains($0) && $0 != "\u{FFFD}" }
            && (try? DotEnvQuoting.encode(value, key: InputKey.operatorEmail.variable)) != nil
        guard valid else {
            throw PomclawError(
                "\(InputKey.operatorEmail.variable) \(shown(value)) is not an email address.",
                next: "Use the address your identity provider returns for you, e.g. you@example.com.")
        }
        return value
    }

    /// A pinned, stable OpenClaw release like `2026.6.5` or the correction release `2026.7.1-2`,
    /// no older than `OpenClawCapabilities.oldestSupported`. `latest` and other moving tags are
    /// refused (installs must be reproducible), and so are betas (`-beta.N`). It becomes an
    /// image tag and a build argument, so it is also held to Docker's tag rules (ASCII, at
    /// most 128 characters).
    public static func version(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let core = value.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        let isTagCharacter = { (scalar: Unicode.Scalar) in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-"
        }
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            value.unicodeScalars.allSatisfy(isTagCharacter), value.utf8.count <= 128
        else {
            // `v2026.6.6`, as release pages and git tags write it: say which number is meant.
            if let first = value.first, first == "v" || first == "V", value.count > 1,
                let meant = try? version(String(value.dropFirst()))
            {
                throw PomclawError(
                    "\(InputKey.openclawVersion.variable) \(shown(value)) is not a release number: did you mean \(meant)?",
                    next: "Use \(meant), without the leading '\(first)'.")
            }
            throw PomclawError(
                "\(InputKey.openclawVersion.variable) \(shown(value)) is not a pinned OpenClaw release.",
                next: "Use a release number such as \(Settings.defaultOpenClawVersion) (moving tags like 'latest' are not allowed).")
        }
        guard let release = OpenClawRelease(value) else {
            throw PomclawError(
                "\(InputKey.openclawVersion.variable) \(shown(value)) is a pre-release; pomclaw installs stable "
                    + "OpenClaw releases only.",
                next: "Use a stable release such as \(OpenClawCapabilities.newestKnown) (or a correction release like 2026.7.1-2).")
        }
        guard release >= OpenClawCapabilities.oldestSupported else {
            throw PomclawError(
                "\(InputKey.openclawVersion.variable) \(shown(value)) is older than the oldest OpenClaw release pomclaw "
                    + "supports, \(OpenClawCapabilities.oldestSupported).",
                next: "Use \(OpenClawCapabilities.oldestSupported) or newer (up to \(OpenClawCapabilities.newestKnown), "
                    + "the newest pomclaw knows).")
        }
        return value
    }

    /// `value` quoted for an error message: see `escaped`.
    public static func shown(_ value: String, limit: Int = 60) -> String {
        let (text, count) = escapedAndCounted(value, limit: limit)
        return count > limit ? "'\(text)…' (\(count) characters)" : "'\(text)'"
    }

    /// `value` for a message, without quotes: control characters shown as escapes (`\n`,
    /// `\u{1B}`), so a value (typed, read from a file or sent by the Zero API) can neither
    /// break the message's line nor drive the terminal, and cut after `limit` characters with
    /// `…`, so a huge value does not flood it.
    public static func escaped(_ value: String, limit: Int = 120) -> String {
        let (text, count) = escapedAndCounted(value, limit: limit)
        return count > limit ? text + "…" : text
    }

    private static func escapedAndCounted(_ value: String, limit: Int) -> (String, Int) {
        var text = ""
        var count = 0
        for scalar in value.unicodeScalars {
            count += 1
            guard count <= limit else { continue }
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\0": text += "\\0"
            case _ where scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator:
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return (text, count)
    }
}
