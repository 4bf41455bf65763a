/// One statement of a `.env` file: a blank line, a comment, an assignment (which may span
/// several physical lines when a quoted value contains line breaks), or a line pomclaw could
/// not parse. `text` is kept byte for byte so that untouched statements render unchanged.
struct DotEnvEntry: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A blank line or a comment.
        case trivia
        /// `[export ]KEY=value[ #comment]` (or `KEY: value`); `value` is the text as written,
        /// quotes and escapes resolved, before compose substitutes variables (`substitution`).
        case assignment(key: String, value: String, exported: Bool, inlineComment: String?)
        /// `KEY` alone on its line: compose takes the value from its environment, if set there.
        case inherited(key: String)
        /// Anything else; kept verbatim and reported as a warning.
        case unparsed
    }

    var kind: Kind
    /// The statement's text without its final line ending (inner line breaks included).
    var text: String
    /// The line ending after `text`: `"\n"`, `"\r\n"`, or `""` for a last line without one
    /// (or for a statement that another one follows on the same line).
    var ending: String
    /// For an unquoted or double-quoted value holding a `$`: the text compose substitutes
    /// variables in (`$$` standing for a literal `$`); nil when compose takes `value` as it is.
    var substitution: String? = nil

    /// The key when this is an assignment.
    var key: String? {
        switch kind {
        case .assignment(let key, _, _, _), .inherited(let key): key
        case .trivia, .unparsed: nil
        }
    }

    /// The effective value when this is an assignment.
    var value: String? {
        if case .assignment(_, let value, _, _) = kind { return value }
        return nil
    }
}
