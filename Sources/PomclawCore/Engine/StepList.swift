import Foundation

/// How one finished step reads in the step list:
///
///     [ 3/12] ✓ SSH keys — already done
///     [ 4/12] ✓ Stack files — changed: write compose.yaml
///     [ 7/12] ✗ Cluster SSH settings — blocked: The cluster already holds …
///              Next: …
///     [ 9/12] - Gateway trusted-proxy auth — not run (stopped by the error above)
///
/// `[n/N]` is the step's place in the plan, which is also the order of the lines.
public enum StepListFormat {
    /// The lines for `report`, the `index`-th step (from 0) of `total`; with `colored`, the
    /// mark and the number carry ANSI colours, else there is not one escape code.
    public static func lines(_ report: StepReport, index: Int, total: Int, colored: Bool = false) -> [String] {
        let width = String(total).count
        let number = String(index + 1)
        let tag = "[" + String(repeating: " ", count: width - number.count) + number + "/\(total)]"
        let indent = String(repeating: " ", count: tag.count + 3)
        let paint = { (code: String, text: String) in colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let head = paint("2", tag) + " "
        let title = TerminalConsole.printable(report.title)
        // Titles, changes and messages carry values from files, flags and the Zero API: no
        // control character of theirs reaches the terminal (the paint is the only escape code).
        let clean = TerminalConsole.printable
        switch report.outcome {
        case .alreadyDone(let detail):
            return [head + paint("32", "✓") + " \(title) — already done" + (detail.map { " (\(clean($0)))" } ?? "")]
        case .changed(let changes):
            if changes.count <= 1 {
                return [head + paint("32", "✓") + " \(title) — changed" + (changes.first.map { ": \(clean($0))" } ?? "")]
            }
            return [head + paint("32", "✓") + " \(title) — changed:"] + changes.map { indent + "- " + clean($0) }
        case .wouldChange(let plan):
            let count = plan.changes.count
            return [head + paint("33", "+") + " \(title) — would change (\(count) change\(count == 1 ? "" : "s"), see the plan)"]
        case .blocked(let error):
            return failure(head, paint, title, "blocked", error.description, indent)
        case .failed(let message):
            return failure(head, paint, title, "failed", message, indent)
        case .notRun:
            return [head + paint("2", "- \(title) — not run (stopped by the error above)")]
        }
    }

    private static func failure(
        _ head: String, _ paint: (String, String) -> String, _ title: String, _ word: String, _ message: String,
        _ indent: String
    ) -> [String] {
        let parts = TerminalConsole.printable(message).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return [head + paint("31", "✗") + " \(title) — \(word): \(parts.first ?? "")"] + parts.dropFirst().map { indent + $0 }
    }
}

/// The step list of one run, as the user sees it. Lanes of a stage run concurrently, yet the
/// lines come out in plan order: a step that finishes before an earlier one waits until that
/// one is printed (meanwhile the in-flight line on a terminal shows both), so the numbers
/// always count up and the list reads the same on every run, whichever lane was faster.
public final class StepList: @unchecked Sendable {
    private let console: any Console
    private let titles: [String]
    private let lock = NSLock()
    private var finished: [Int: StepReport] = [:]
    private var printed = 0
    private var inFlight: [Int] = []

    public init(titles: [String], console: any Console) {
        self.titles = titles
        self.console = console
    }

    /// Step `index` (its place in the plan, from 0) started its check.
    public func started(_ index: Int) {
        let text = lock.withLock { () -> String? in
            inFlight.append(index)
            return activityText()
        }
        console.activity(text)
    }

    /// Step `index` ended with `report`; prints it and every later step already waiting.
    public func finished(_ index: Int, _ report: StepReport) {
        lock.withLock {
            inFlight.removeAll { $0 == index }
            finished[index] = report
            var lines: [String] = []
            while let next = finished[printed] {
                lines += StepListFormat.lines(next, index: printed, total: titles.count, colored: console.decorated)
                finished[printed] = nil
                printed += 1
            }
            // Printed under the lock, so two lanes never interleave their lines.
            if !lines.isEmpty { console.display(lines.joined(separator: "\n")) }
            console.activity(activityText())
        }
    }

    /// The run is over: the in-flight line goes away.
    public func close() {
        console.activity(nil)
    }

    /// What is in flight, in plan order, each step with its own number in the plan (the one
    /// its line will carry): `[5/13] OpenClaw image · [8/13] Pomerium Zero policy`.
    private func activityText() -> String? {
        guard !inFlight.isEmpty else { return nil }
        let width = String(titles.count).count
        return inFlight.sorted().map { index in
            let number = String(index + 1)
            return "[" + String(repeating: " ", count: width - number.count) + number + "/\(titles.count)] " + titles[index]
        }.joined(separator: " · ")
    }
}
