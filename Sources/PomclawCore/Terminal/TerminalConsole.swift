import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real console: diagnostics and prompts on stderr, results on stdout, input from stdin.
/// Colours only when stderr is a terminal, `NO_COLOR` is unset and `--no-color` was not given.
public final class TerminalConsole: Console, Sendable {
    public let canPrompt: Bool
    private let colored: Bool
    private let lock = NSLock()

    public init(nonInteractive: Bool, noColor: Bool, environment: [String: String]) {
        canPrompt = !nonInteractive && isatty(STDIN_FILENO) == 1
        let noColorSet = !(environment["NO_COLOR"] ?? "").isEmpty
        colored = !noColor && !noColorSet && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    public func log(_ level: LogLevel, _ message: String) {
        let prefix: String
        if colored {
            let code: String
            switch level {
            case .info: code = "36"
            case .success: code = "32"
            case .warning: code = "33"
            case .error: code = "31"
            }
            prefix = "\u{1B}[\(code)m[pomclaw]\u{1B}[0m "
        } else {
            prefix = level == .warning ? "[pomclaw] warning: " : level == .error ? "[pomclaw] error: " : "[pomclaw] "
        }
        let lines = Self.printable(message).split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.enumerated().map { index, line in
            index == 0 ? prefix + line : String(repeating: " ", count: 10) + line
        }.joined(separator: "\n")
        write(text + "\n", to: STDERR_FILENO)
    }

    public func output(_ line: String) {
        write(Self.printable(line) + "\n", to: STDOUT_FILENO)
    }

    /// `text` with every control character but line feed and tab shown as `?`: messages carry
    /// values from the command line, files and the Zero API, and none of them may move the
    /// cursor, retitle the window or rewrite what the terminal shows.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) else {
            return text
        }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" ? "?" : $0
        }))
    }

    public func prompt(_ question: String, secret: Bool) throws -> String {
        guard canPrompt else { throw PromptError.notInteractive(question: question) }
        let ask = { () -> String? in
            self.write("[pomclaw] " + question, to: STDERR_FILENO)
            return readLine(strippingNewline: true)
        }
        // Echo goes off before the question shows, so nothing typed early is ever echoed.
        let line = secret ? TerminalEcho.withEchoOff(ask) : ask()
        guard let line else {
            write("\n", to: STDERR_FILENO)
            throw PromptError.endOfInput(question: question)
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    private func write(_ text: String, to fd: Int32) {
        lock.lock()
        defer { lock.unlock() }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
