/// One statement of a `.env` file: a blank line, a comment, an assignment (which may span
/// several physical lines when a quoted value contains line breaks), or a line pomclaw could
/// not parse. `text` is kept byte for byte so that untouched statements render unchanged.
struct DotEnvEntry: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A blank line or a comment.
        case trivia
        /// `[export ]KEY=value[ #comment]`; `value` is the effective value as compose reads it.
        case assignment(key: String, value: String, exported: Bool, inlineComment: String?)
        /// Anything else; kept verbatim and reported as a warning.
        case unparsed
    }

    var kind: Kind
    /// The statement's text without its final line ending (inner line breaks included).
    var text: String
    /// The line ending after `text`: `"\n"`, `"\r\n"`, or `""` for a last line without one.
    var ending: String

    /// The key when this is an assignment.
    var key: String? {
        if case .assignment(let key, _, _, _) = kind { return key }
        return nil
    }

    /// The effective value when this is an assignment.
    var value: String? {
        if case .assignment(_, let value, _, _) = kind { return value }
        return nil
    }
}
