/// docker compose's variable substitution in `.env` values (compose-go `template.Substitute`,
/// as its `dotenv` parser applies it to unquoted and double-quoted values), reimplemented from
/// its documented behaviour and test cases:
///
/// - `$$` is a literal `$`; `$NAME` and `${NAME}` take the variable's value, empty when unset;
///   a name is `[A-Za-z_][A-Za-z0-9_]*` (matched case-insensitively, so also `ſ` and the
///   Kelvin sign, as Go's case folding has it).
/// - `${NAME:-default}` (unset or empty) and `${NAME-default}` (unset) give the default;
///   `${NAME:+alt}` (set and not empty) and `${NAME+alt}` (set) give the alternative, else the
///   value; `${NAME:?message}` and `${NAME?message}` fail when the variable is empty or unset
///   (resp. unset). The default, alternative and message are substituted in turn, and only
///   when used.
/// - The text of an operator form runs to the last `}` on its line; the first balanced `}`
///   ends the form and the rest is substituted on its own.
/// - `${` that starts none of these forms (`${}`, `${ x}`, `${x!}`, an unclosed `${x`) is an
///   invalid template: compose refuses the whole file.
/// - A `$` followed by anything else stays as it is.
enum ComposeTemplate {
    /// Why compose refuses a value.
    enum Failure: Error, Equatable {
        /// A `${` form compose cannot read.
        case invalid
        /// `${NAME:?…}` or `${NAME?…}` with `NAME` empty or unset.
        case missingRequired(variable: String)
    }

    /// Looks a variable up: its value, or nil when it is not set.
    typealias Lookup = (String) -> String?

    /// `template` with every variable substituted as compose does.
    static func substitute(_ template: String, _ lookup: Lookup) throws(Failure) -> String {
        try substitute(Array(template.unicodeScalars), lookup)
    }

    private static func substitute(_ text: [Unicode.Scalar], _ lookup: Lookup) throws(Failure) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < text.count {
            guard text[i] == "$", let (replacement, end) = try match(text, at: i, lookup) else {
                out.append(text[i])
                i += 1
                continue
            }
            out.append(contentsOf: replacement.unicodeScalars)
            i = end
        }
        return String(out)
    }

    /// The replacement of the form starting with the `$` at `start` and where the form ends,
    /// or nil when no form starts there (the `$` is then literal).
    private static func match(_ text: [Unicode.Scalar], at start: Int, _ lookup: Lookup) throws(Failure)
        -> (String, Int)?
    {
        let next = start + 1
        guard next < text.count else { return nil }
        if text[next] == "$" { return ("$", next + 1) }
        if isNameStart(text[next]) {
            let end = nameEnd(text, from: next)
            return (lookup(string(text[next..<end])) ?? "", end)
        }
        guard text[next] == "{" else { return nil }
        let nameStart = next + 1
        guard nameStart < text.count, isNameStart(text[nameStart]) else { throw .invalid }
        let nameEnd = nameEnd(text, from: nameStart)
        let name = string(text[nameStart..<nameEnd])
        if nameEnd < text.count, text[nameEnd] == "}" { return (lookup(name) ?? "", nameEnd + 1) }
        guard let (operation, argumentStart) = operation(text, after: nameEnd),
            let close = lastBrace(text, from: argumentStart)
        else { throw .invalid }
        // The form ends at the first balanced `}`; what follows up to the last one is text.
        let formEnd = firstBalancedBrace(text, from: start, through: close) ?? close
        let argument = string(text[argumentStart..<formEnd])
        let value = try apply(operation, name: name, argument: argument, lookup)
        let rest = try substitute(Array(text[(formEnd + 1)..<(close + 1)]), lookup)
        return (value + rest, close + 1)
    }

    private enum Operation: String {
        case defaultIfEmptyOrUnset = ":-", defaultIfUnset = "-", alternativeIfNotEmpty = ":+",
            alternativeIfSet = "+", requiredNotEmpty = ":?", requiredSet = "?"
    }

    /// The operator right after a name (`:-`, `-`, `:+`, `+`, `:?`, `?`) and where its
    /// argument starts.
    private static func operation(_ text: [Unicode.Scalar], after index: Int) -> (Operation, Int)? {
        guard index < text.count else { return nil }
        if text[index] == ":", index + 1 < text.count,
            let operation = Operation(rawValue: ":" + String(text[index + 1]))
        {
            return (operation, index + 2)
        }
        return Operation(rawValue: String(text[index])).map { ($0, index + 1) }
    }

    private static func apply(_ operation: Operation, name: String, argument: String, _ lookup: Lookup) throws(Failure)
        -> String
    {
        let value = lookup(name)
        switch operation {
        case .defaultIfEmptyOrUnset:
            if let value, !value.isEmpty { return value }
            return try substitute(argument, lookup)
        case .defaultIfUnset:
            if let value { return value }
            return try substitute(argument, lookup)
        case .alternativeIfNotEmpty:
            guard let value, !value.isEmpty else { return value ?? "" }
            return try substitute(argument, lookup)
        case .alternativeIfSet:
            guard value != nil else { return "" }
            return try substitute(argument, lookup)
        case .requiredNotEmpty, .requiredSet:
            guard let value, operation == .requiredSet || !value.isEmpty else {
                // The message is substituted first, and its own failures come first.
                _ = try substitute(argument, lookup)
                throw .missingRequired(variable: name)
            }
            return value
        }
    }

    /// The last `}` at or after `index` before the line ends (Go's `.` does not match `\n`).
    private static func lastBrace(_ text: [Unicode.Scalar], from index: Int) -> Int? {
        var last: Int?
        var i = index
        while i < text.count, text[i] != "\n" {
            if text[i] == "}" { last = i }
            i += 1
        }
        return last
    }

    /// compose-go's `getFirstBraceClosingIndex`: counts `{` (skipping the character after
    /// each) and `}` from `start`; the `}` that balances the first `{`.
    private static func firstBalancedBrace(_ text: [Unicode.Scalar], from start: Int, through end: Int) -> Int? {
        var open = 0
        var i = start
        while i <= end {
            if text[i] == "}" {
                open -= 1
                if open == 0 { return i }
            }
            if text[i] == "{" {
                open += 1
                i += 1
            }
            i += 1
        }
        return nil
    }

    /// Every variable name `text` refers to, as `$NAME` or `${NAME…}` anywhere (in defaults
    /// and alternatives too, used or not); `$$` is a literal `$`.
    static func names(in text: String) -> Set<String> {
        let text = Array(text.unicodeScalars)
        var names = Set<String>()
        var i = 0
        while i < text.count {
            guard text[i] == "$", i + 1 < text.count else {
                i += 1
                continue
            }
            if text[i + 1] == "$" {
                i += 2
                continue
            }
            let start = text[i + 1] == "{" ? i + 2 : i + 1
            guard start < text.count, isNameStart(text[start]) else {
                i += 1
                continue
            }
            let end = nameEnd(text, from: start)
            names.insert(string(text[start..<end]))
            i = end
        }
        return names
    }

    private static func nameEnd(_ text: [Unicode.Scalar], from index: Int) -> Int {
        var end = index
        while end < text.count, isNameStart(text[end]) || ("0"..."9").contains(text[end]) { end += 1 }
        return end
    }

    /// `[_a-z]` under Go's `(?i)`: ASCII letters, `_`, `ſ` (U+017F) and the Kelvin sign.
    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == "\u{17F}" || c == "\u{212A}"
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }
}
