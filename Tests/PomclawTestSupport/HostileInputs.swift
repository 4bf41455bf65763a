import Foundation
import PomclawCore

/// Values an attacker, a broken clipboard or a wrong file could hand pomclaw through any of
/// its inputs: shell metacharacters with a canary command, quotes, line breaks, NUL, a very
/// long value, values that look like options, and bytes that are not UTF-8.
///
/// A canary payload names `canary` (a path that must never come to exist): a value that any
/// shell ever interpreted would create it.
public struct HostileInput: Sendable, CustomStringConvertible {
    /// What the value is, for test names.
    public let name: String
    /// The raw bytes (what a file or `.env` would hold).
    public let bytes: [UInt8]

    public init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(_ name: String, _ text: String) {
        self.init(name, bytes: Array(text.utf8))
    }

    public var description: String { name }

    /// The value as pomclaw sees it once decoded (invalid UTF-8 repaired to U+FFFD, as
    /// `CommandLine.arguments` and the environment decode it).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether it can travel in argv or the environment (C strings end at NUL).
    public var fitsInArgv: Bool { !bytes.contains(0) }

    /// The payloads for one setting, built around a plausible `base` value (an email, a
    /// domain, a token) so each payload is the only thing wrong with it. `canary` is the file
    /// a shell would create.
    public static func payloads(base: String, canary: String) -> [HostileInput] {
        let at = base.firstIndex(of: "@").map { base.distance(from: base.startIndex, to: $0) }
        // Splices `inject` into the value: into the local part of an email, else at the front.
        func spliced(_ inject: String) -> String {
            guard let at else { return inject + base }
            let index = base.index(base.startIndex, offsetBy: at)
            return String(base[..<index]) + inject + String(base[index...])
        }
        let long = String(repeating: "a", count: 100 * 1024)
        return [
            HostileInput("single quote", spliced("o'x")),
            HostileInput("double quote", spliced("\"x\"")),
            HostileInput("command substitution", spliced("$(touch \(canary))")),
            HostileInput("command substitution without spaces", spliced("$(touch${IFS}\(canary))")),
            HostileInput("backticks", spliced("`touch \(canary)`")),
            HostileInput("backticks without spaces", spliced("`id`")),
            HostileInput("semicolon command", base + ";touch \(canary)"),
            HostileInput("dollar variable", spliced("$HOME")),
            HostileInput("line feed and a second setting", base + "\nOPENCLAW_VERSION=latest"),
            HostileInput("carriage return", base + "\rX"),
            HostileInput("NUL", bytes: Array(base.utf8) + [0] + Array("x".utf8)),
            HostileInput("escape sequence", base + "\u{1B}]0;pwned\u{07}\u{1B}[2J"),
            HostileInput("100 KB", at == nil ? base + long : long + base),
            HostileInput("--help", "--help"),
            HostileInput("-x", "-x"),
            HostileInput("not UTF-8", bytes: Array(base.utf8) + [0xFF, 0xFE, 0xC3]),
        ]
    }

    /// A plausible value of each setting that the payloads are built around.
    public static let bases: [InputKey: String] = [
        .zeroToken: "zct-0123456789abcdef", .apiToken: "zapi-0123456789abcdef",
        .clusterDomain: "trusted-dog-1049.pomerium.app", .operatorEmail: "operator@example.com",
        .openclawVersion: "2026.6.5",
    ]

    /// The payloads each setting carries as data (pomclaw's specification); every other
    /// payload must be refused. Tokens are printable ASCII without spaces, and the cluster
    /// token must fit in `.env`, so `${` is refused there; an email may hold a quote, a backtick
    /// or a `$`; a domain and a version carry nothing unusual at all.
    public static let carried: [InputKey: Set<String>] = [
        .zeroToken: ["single quote", "double quote", "backticks without spaces", "dollar variable", "--help", "-x"],
        .apiToken: [
            "single quote", "double quote", "command substitution without spaces", "backticks without spaces",
            "dollar variable", "--help", "-x",
        ],
        .operatorEmail: ["single quote", "backticks without spaces", "dollar variable"],
        .clusterDomain: [],
        .openclawVersion: [],
    ]
}
