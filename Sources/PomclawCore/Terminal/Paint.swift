/// ANSI colours for result lines (`status`, `doctor`) on a terminal.
public enum Paint {
    public static func green(_ text: String) -> String { "\u{1B}[32m\(text)\u{1B}[0m" }
    public static func yellow(_ text: String) -> String { "\u{1B}[33m\(text)\u{1B}[0m" }
    public static func red(_ text: String) -> String { "\u{1B}[31m\(text)\u{1B}[0m" }
    public static func dim(_ text: String) -> String { "\u{1B}[2m\(text)\u{1B}[0m" }
}
