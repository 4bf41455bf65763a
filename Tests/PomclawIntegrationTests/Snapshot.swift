import Foundation
import Testing

/// Rendered screens compared with the copies committed under `Snapshots/`, after the parts
/// that change from run to run are normalised (temporary paths, times, durations, log names).
/// `POMCLAW_RECORD_SNAPSHOTS=1 swift test --filter TerminalJourneyTests` writes them anew.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["POMCLAW_RECORD_SNAPSHOTS"] == "1" }

    /// `screen` with every `paths` key replaced by its value, times, durations and run log names
    /// replaced by placeholders, tmux's own "Pane is dead" line dropped, trailing spaces and
    /// trailing blank lines removed.
    static func normalised(_ screen: String, paths: [String: String]) -> String {
        var text = screen
        for (path, name) in paths.sorted(by: { $0.key.count > $1.key.count }) {
            text = text.replacingOccurrences(of: path, with: name)
        }
        let patterns: [(String, String)] = [
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?"#, "<time>"),
            (#"-\d{8}T\d{6}Z(-\d+)?\.log"#, "-<time>.log"),
            (#"\b\d+(\.\d+)? ?(ms|s)\b"#, "<duration>"),
        ]
        for (pattern, replacement) in patterns {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.filter { !$0.hasPrefix("Pane is dead") }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Compares `text` with `Snapshots/<name>.txt`, or writes it there when recording.
    static func expect(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name + ".txt")
        if recording {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("no snapshot \(file.path); record it with POMCLAW_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record(
                """
                the screen differs from Snapshots/\(name).txt at line \(first + 1) \
                (re-record with POMCLAW_RECORD_SNAPSHOTS=1 if the change is intended):
                expected: \(first < a.count ? String(a[first]) : "<end>")
                actual:   \(first < b.count ? String(b[first]) : "<end>")
                the whole screen:
                \(text)
                """, sourceLocation: sourceLocation)
        }
    }
}
