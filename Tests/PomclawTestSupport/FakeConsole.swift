import PomclawCore
import Synchronization
import Testing

/// A console that records every line and answers prompts from a script. A prompt with no
/// scripted answer fails the test.
public final class FakeConsole: Console, Sendable {
    public struct Prompt: Sendable, Equatable {
        public var question: String
        public var secret: Bool
    }

    private struct State {
        var logs: [(LogLevel, String)] = []
        var outputs: [String] = []
        var answers: [String?]
        var prompts: [Prompt] = []
        var displayed: [String] = []
        var details: [String] = []
        var activities: [String?] = []
    }

    public let canPrompt: Bool
    public let decorated: Bool
    private let state: Mutex<State>

    /// `answers` are returned in order; a `nil` answer simulates end of input. `decorated`
    /// plays a terminal that shows colours and the in-flight line.
    public init(canPrompt: Bool = false, answers: [String?] = [], decorated: Bool = false) {
        self.canPrompt = canPrompt
        self.decorated = decorated
        state = Mutex(State(answers: answers))
    }

    /// What `display` wrote (the step list, the summary), one entry per call.
    public var displayed: [String] { state.withLock { $0.displayed } }
    /// The lines of `displayed`.
    public var displayedLines: [String] {
        displayed.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }
    public var details: [String] { state.withLock { $0.details } }
    /// Every in-flight text set, nil for an erase.
    public var activities: [String?] { state.withLock { $0.activities } }

    public func display(_ text: String) {
        state.withLock { $0.displayed.append(text) }
    }

    public func detail(_ message: String) {
        state.withLock { $0.details.append(message) }
    }

    public func activity(_ text: String?) {
        state.withLock { $0.activities.append(text) }
    }

    public var logLines: [String] { state.withLock { $0.logs.map { "\($0.0.rawValue): \($0.1)" } } }
    public var outputLines: [String] { state.withLock { $0.outputs } }
    public var prompts: [Prompt] { state.withLock { $0.prompts } }
    /// Everything written to either stream, for "no secret leaked" assertions.
    public var transcript: String { (logLines + outputLines + displayed + details).joined(separator: "\n") }

    public func log(_ level: LogLevel, _ message: String) {
        state.withLock { $0.logs.append((level, message)) }
    }

    public func output(_ line: String) {
        state.withLock { $0.outputs.append(line) }
    }

    public func prompt(_ question: String, secret: Bool) throws -> String {
        guard canPrompt else { throw PromptError.notInteractive(question: question) }
        let next = state.withLock { state -> String?? in
            state.prompts.append(Prompt(question: question, secret: secret))
            return state.answers.isEmpty ? .none : .some(state.answers.removeFirst())
        }
        guard let answer = next else {
            Issue.record("FakeConsole: unexpected prompt \(question)")
            throw UnstubbedCall(name: "Console.prompt(\(question))")
        }
        guard let answer else { throw PromptError.endOfInput(question: question) }
        return answer
    }
}
