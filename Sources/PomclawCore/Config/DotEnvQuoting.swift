/// How pomclaw writes a value into `.env` so that docker compose v2, python-dotenv and bash
/// (`set -a; . ./.env`) all read back exactly that value, or refuses when no form exists.
///
/// The three readers, as checked in their sources:
/// - compose-go v2, `dotenv/parser.go` (as vendored in docker/cli,
///   `vendor/github.com/compose-spec/compose-go/v2/dotenv/parser.go`): unquoted values end at
///   ` #` and lose trailing whitespace; `'…'` is literal except `\'`; in `"…"` a backslash
///   pairs with the next character, `\"` is a quote, and then `\a \b \f \n \r \t \v \\ \" \$`
///   and `\0ddd` are unescaped. Unquoted and double-quoted values then go through `$VAR` /
///   `${VAR}` / `$$` substitution (`template.Substitute`). Earlier compose-go (v1,
///   `strings.Split(value, "#")` era) found the closing `"` as the first one not preceded by a
///   backslash, so a double-quoted value may not end in a backslash.
/// - python-dotenv 1.x, `dotenv/parser.py`: `'((?:\\'|[^'])*)'` with `\\` and `\'` unescaped,
///   `"((?:\\"|[^"])*)"` with `\\ \' \" \a \b \f \n \r \t \v` unescaped; the regexes can run
///   past a closing quote that follows a backslash. `dotenv_values` then expands `${VAR}`
///   (`variables.py`) in every value, quoted or not, single quotes included.
/// - bash: single quotes are literal and cannot contain `'`; in double quotes only `\$`,
///   `` \` ``, `\"`, `\\` are escapes and `$` and `` ` `` expand; unquoted words also expand
///   `~`, globs and more.
///
/// The forms that follow, in order of preference:
/// 1. unquoted, when every character is in `A-Z a-z 0-9 _ . / : @ % + , = -` (or the value is
///    empty): no reader treats these specially;
/// 2. `'value'`, when the value holds no `'`, no `\` and no `${`;
/// 3. `"value"` with `\` → `\\` and `"` → `\"`, when the value holds a `'` or `\` but no `$`,
///    no backtick and does not end with `\`.
/// Anything else is refused with an error naming the key, never the value. Control characters
/// (line breaks, tab, NUL, DEL, C1) are always refused: compose and python-dotenv would accept
/// a quoted line break, but a broken line is an easy way to corrupt a hand-edited file.
public enum DotEnvQuoting {
    /// The text to put after `KEY=` for `value`.
    ///
    /// - Throws: `PomclawError` naming `key` when the value cannot be written so that all three
    ///   readers agree.
    public static func encode(_ value: String, key: String) throws -> String {
        let scalars = value.unicodeScalars
        if scalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PomclawError(
                "The value for \(key) contains a line break, tab or other control character, which pomclaw does not write to .env.",
                next: "Remove the control characters from the value of \(key) (a token copied with a trailing newline, for example) and run pomclaw again.")
        }
        if scalars.allSatisfy(isPlain) { return value }
        let hasQuoteOrBackslash = scalars.contains("'") || scalars.contains("\\")
        if value.contains("${") {
            throw unwritable(key, "contains `${`, which python-dotenv expands as a variable even inside single quotes")
        }
        if !hasQuoteOrBackslash { return "'\(value)'" }
        if scalars.contains("$") || scalars.contains("`") {
            throw unwritable(key, "combines a single quote or backslash with `$` or a backtick, which no quoting protects in docker compose, python-dotenv and bash alike")
        }
        if scalars.last == "\\" {
            throw unwritable(key, "ends with a backslash, which older docker compose and python-dotenv read as escaping the closing quote")
        }
        var escaped = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar == "\\" || scalar == "\"" { escaped.append("\\") }
            escaped.append(scalar)
        }
        return "\"\(String(escaped))\""
    }

    /// Whether `scalar` may appear in an unquoted value.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "/", ":", "@", "%", "+", ",", "=", "-":
            return true
        default:
            return false
        }
    }

    private static func unwritable(_ key: String, _ why: String) -> PomclawError {
        PomclawError(
            "The value for \(key) cannot be written to .env: it \(why).",
            next: "Choose a value for \(key) without that combination of characters and run pomclaw again.")
    }
}
