import Foundation

/// Checks and normalises input values. Error messages name the setting, never a secret's value.
public enum InputValidation {
    /// The page where users create API tokens.
    public static let apiTokenPage = "https://console.pomerium.app/app/management/api-tokens"

    /// A token: non-empty, no whitespace or control characters.
    public static func token(_ raw: String, _ key: InputKey) throws -> Secret {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw PomclawError("\(key.variable) is empty.", next: "Supply it with \(key.howToSupply).")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw PomclawError(
                "\(key.variable) contains spaces or control characters, so it is not a token as issued.",
                next: key == .apiToken
                    ? "Copy the token again from \(apiTokenPage)."
                    : "Copy the cluster token again from the Pomerium Zero console.")
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

    public static func domain(_ raw: String) throws -> String {
        let value = normalizedDomain(raw)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard !value.isEmpty, value.contains("."),
            value.unicodeScalars.allSatisfy({ allowed.contains($0) }),
            !value.hasPrefix("."), !value.contains("..")
        else {
            throw PomclawError(
                "\(InputKey.clusterDomain.variable) '\(raw)' is not a domain name.",
                next: "Use the cluster's domain as the Pomerium Zero console shows it, e.g. trusted-dog-1049.pomerium.app.")
        }
        return value
    }

    /// An email address: one `@`, a non-empty local part, a domain with a dot, no spaces, quotes
    /// or control characters.
    public static func email(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
            .union(CharacterSet(charactersIn: "\"<>()[],;:\\"))
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && value.count <= 254
            && value.unicodeScalars.allSatisfy { !forbidden.contains($0) }
        guard valid else {
            throw PomclawError(
                "\(InputKey.operatorEmail.variable) '\(value)' is not an email address.",
                next: "Use the address your identity provider returns for you, e.g. you@example.com.")
        }
        return value
    }

    /// A pinned OpenClaw release like `2026.6.5` (an optional `-suffix` allowed). `latest` and
    /// other moving tags are refused: installs must be reproducible.
    public static func version(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let core = value.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        let suffixAllowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-"))
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            value.unicodeScalars.allSatisfy({ suffixAllowed.contains($0) })
        else {
            throw PomclawError(
                "\(InputKey.openclawVersion.variable) '\(value)' is not a pinned OpenClaw release.",
                next: "Use a release number such as \(Settings.defaultOpenClawVersion) (moving tags like 'latest' are not allowed).")
        }
        return value
    }
}
