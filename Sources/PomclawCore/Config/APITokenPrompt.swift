extension InputResolver {
    /// Asks for the API token on a terminal, without echo, as `install` does, after saying
    /// `why` the command needs it; nil when there is no terminal to ask on. With `optional`,
    /// Enter (or the end of input) skips and gives nil; otherwise it asks up to three times.
    public func askAPIToken(why: String, optional: Bool) throws -> Secret? {
        guard console.canPrompt else { return nil }
        console.info(why)
        console.info("Generate an API token at \(InputValidation.apiTokenPage) if you don't have one.")
        guard optional else { return try ask(.apiToken) { try InputValidation.token($0, .apiToken) } }
        let answer: String
        do {
            answer = try console.prompt("\(InputKey.apiToken.label), or Enter to skip: ", secret: true)
        } catch PromptError.endOfInput {
            return nil
        }
        guard !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try validated(.apiToken, .prompt) { try InputValidation.token(answer, .apiToken) }
    }
}
