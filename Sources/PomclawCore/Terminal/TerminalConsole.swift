import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real console: diagnostics and prompts on stderr, results on stdout, input from stdin.
/// Colours and the in-flight line (a spinner redrawn in place) only when stderr is a terminal,
/// `NO_COLOR` is unset, `--no-color` was not given and `TERM` is not `dumb`; otherwise every
/// line is plain text without a single escape code. Everything written also goes to the run
/// log when one is attached, with the details (`detail`) that the screen shows only with
/// `--verbose`.
public final class TerminalConsole: Console, @unchecked Sendable {
    public let canPrompt: Bool
    public let decorated: Bool
    /// True when result lines on stdout may carry colours: stdout is a terminal, and neither
    /// `NO_COLOR`, `--no-color` nor `TERM=dumb` says otherwise.
    public let coloredOutput: Bool
    /// How the commands in printed lines are spelled on this host.
    public let spelling: CommandSpelling
    private let verbose: Bool
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var runLog: RunLog?
    private var activityText: String?
    private var activityStarted = ContinuousClock.now
    private var prompting = false
    private var spinner: Thread?
    private var frame = 0

    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public init(
        nonInteractive: Bool, noColor: Bool, environment: [String: String], verbose: Bool = false,
        spelling: CommandSpelling = CommandSpelling()
    ) {
        self.spelling = spelling
        canPrompt = !nonInteractive && isatty(STDIN_FILENO) == 1
        let noColorSet = !(environment["NO_COLOR"] ?? "").isEmpty
        decorated = !noColor && !noColorSet && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
        coloredOutput = !noColor && !noColorSet && isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb"
        self.verbose = verbose
    }

    /// From now on every line shown, and every detail, also goes to `log`.
    public func attach(_ log: RunLog) {
        lock.withLock { runLog = log }
    }

    public func log(_ level: LogLevel, _ message: String) {
        let prefix: String
        if decorated {
            let code: String
            switch level {
            case .info: code = "36"
            case .success: code = "32"
            case .warning: code = "33"
            case .error: code = "31"
            }
            prefix = "\u{1B}[\(code)m[pomclaw]\u{1B}[0m " + (level == .warning ? "warning: " : level == .error ? "error: " : "")
        } else {
            prefix = level == .warning ? "[pomclaw] warning: " : level == .error ? "[pomclaw] error: " : "[pomclaw] "
        }
        let lines = Self.printable(spelling.apply(message)).split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.enumerated().map { index, line in
            index == 0 ? prefix + line : String(repeating: " ", count: 10) + line
        }.joined(separator: "\n")
        line(text, to: STDERR_FILENO)
    }

    public func output(_ text: String) {
        line(Self.printable(spelling.apply(text)), to: STDOUT_FILENO)
    }

    /// A result line whose every value was made `printable` by its printer and whose only
    /// escape codes are the printer's colours.
    public func outputPainted(_ text: String) {
        line(spelling.apply(text), to: STDOUT_FILENO)
    }

    public func display(_ text: String) {
        line(spelling.apply(text), to: STDERR_FILENO)
    }

    public func detail(_ message: String) {
        if verbose {
            log(.info, message)
        } else {
            lock.withLock { runLog?.write("  (detail) " + message) }
        }
    }

    public func activity(_ text: String?) {
        guard decorated else { return }
        lock.withLock {
            if text == nil { eraseActivity() }
            if text != nil, activityText == nil { activityStarted = .now }
            activityText = text
            if text != nil {
                drawActivity()
                startSpinner()
            }
        }
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
        lock.withLock {
            prompting = true
            eraseActivity()
        }
        defer {
            lock.withLock {
                prompting = false
                drawActivity()
            }
        }
        let ask = { () -> String? in
            self.lock.withLock { self.write("[pomclaw] " + question, to: STDERR_FILENO) }
            return readLine(strippingNewline: true)
        }
        // Echo goes off before the question shows, so nothing typed early is ever echoed.
        let line = secret ? TerminalEcho.withEchoOff(ask) : ask()
        guard let line else {
            lock.withLock {
                write("\n", to: STDERR_FILENO)
                runLog?.write("[pomclaw] " + question + "(input ended)")
            }
            throw PromptError.endOfInput(question: question)
        }
        let answer = line.hasSuffix("\r") ? String(line.dropLast()) : line
        lock.withLock { runLog?.write("[pomclaw] " + question + (secret ? "(hidden)" : answer)) }
        return answer
    }

    /// Writes one line (or several) to `fd`, erasing the in-flight line first and drawing it
    /// again below; the run log gets the text without colours.
    private func line(_ text: String, to fd: Int32) {
        lock.withLock {
            eraseActivity()
            write(text + "\n", to: fd)
            runLog?.write(Self.plain(text))
            drawActivity()
        }
    }

    // MARK: the in-flight line (all called with `lock` held)

    private func eraseActivity() {
        guard SignalCleanup.activityShown != 0 else { return }
        write("\r\u{1B}[2K", to: STDERR_FILENO)
        SignalCleanup.activityShown = 0
    }

    private func drawActivity() {
        guard decorated, !prompting, let activityText, SignalCleanup.interrupted == 0 else { return }
        let seconds = Int((ContinuousClock.now - activityStarted).components.seconds)
        let elapsed = seconds >= 1 ? "  \(seconds)s" : ""
        var text = Self.frames[frame % Self.frames.count] + " " + activityText
        // Never wider than the terminal: a wrapped line could not be erased in place.
        let width = max(Self.columns() - 1 - elapsed.count, 10)
        if text.count > width { text = String(text.prefix(width - 1)) + "…" }
        write("\r\u{1B}[2K" + text + elapsed, to: STDERR_FILENO)
        SignalCleanup.activityShown = 1
    }

    private func startSpinner() {
        guard spinner == nil else { return }
        let thread = Thread { [weak self] in
            while let console = self {
                let running = console.lock.withLock { () -> Bool in
                    guard console.activityText != nil else {
                        console.spinner = nil
                        return false
                    }
                    console.frame += 1
                    console.drawActivity()
                    return true
                }
                if !running { return }
                usleep(100_000)
            }
        }
        spinner = thread
        thread.start()
    }

    private static func columns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `text` without ANSI escape sequences.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        var scalars = String.UnicodeScalarView()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                // CSI: ESC [ parameters final-byte (0x40–0x7E).
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
                }
                continue
            }
            scalars.append(scalar)
        }
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    private func write(_ text: String, to fd: Int32) {
        Descriptor.writeAll(text, to: fd)
    }
}
