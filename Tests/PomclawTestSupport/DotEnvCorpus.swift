/// Values that are hard to put into a `.env` file: every character that compose, python-dotenv
/// or bash treats specially, alone and in pairs, plus realistic tokens and hand-picked traps.
/// Some of them pomclaw must refuse (see `DotEnvQuoting`); the rest must round-trip exactly.
public enum DotEnvCorpus {
    /// Single characters and short sequences with a special meaning somewhere.
    public static let atoms: [String] = [
        "", " ", "a", "#", " #", "\t#", "$", "$A", "${A}", "$(id)", "$$", "'", "\"", "\\", "`",
        "=", ":", "é", "🦀", "\u{A0}", "\u{2028}", "~", "*", "?", ";", "!", "&", "|", "<", "{}",
        "%", "\\n", "\\'", "-", "@", "+",
    ]

    /// Realistic and hand-picked values.
    public static let handPicked: [String] = [
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl-_x",
        "ops+claw@example.com", "trusted-dog-1049.pomerium.app", "2026.6.5",
        "p@ss w0rd!", "it's", "say \"hi\"", "it's \"quoted\"", #"C:\path\to\file"#,
        #"back\\slash"#, "  padded  ", " leading", "trailing ", "a #not a comment", "a#b",
        "a=b=c", "ünïcødé ∑", "price $5", "$HOME", "$(touch /tmp/pomclaw-pwned)",
        "`touch /tmp/pomclaw-pwned`", "~/x", "*", "-n", "\"", "'", "''", "\"\"", "\\\"",
        "'\"'\"'", "x\\", "${HOME}", "it's $5",
    ]

    /// `handPicked`, every atom, and every pair of atoms both adjacent and between letters.
    public static let values: [String] = {
        var seen = Set<String>()
        var values: [String] = []
        func add(_ value: String) {
            if seen.insert(value).inserted { values.append(value) }
        }
        handPicked.forEach(add)
        atoms.forEach(add)
        for first in atoms {
            for second in atoms {
                add(first + second)
                add("x" + first + "y" + second)
            }
        }
        return values
    }()
}
