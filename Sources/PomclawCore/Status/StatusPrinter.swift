import Foundation

/// Renders a `StatusReport` for people (aligned lines, grouped) and for scripts (`--json`).
public enum StatusPrinter {
    /// One line per entry under its group's name; what differs is indented below it.
    /// With `colored`, each state carries its colour and every value is made printable (the
    /// lines then go out through `TerminalConsole.outputPainted`).
    public static func lines(_ report: StatusReport, colored: Bool = false) -> [String] {
        var lines: [String] = []
        for group in report.groups {
            lines.append(group.name)
            for entry in group.entries {
                var state = entry.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                if colored { state = paint(entry.state, state) }
                let detail = entry.detail.map { ": " + $0.replacingOccurrences(of: "\n", with: "\n" + indent) } ?? ""
                lines.append("  \(state) \(entry.title)\(detail)")
                lines.append(contentsOf: entry.changes.map { indent + $0 })
            }
        }
        lines.append(contentsOf: summary(report))
        return colored ? lines.map { printablePainted($0) } : lines
    }

    private static func paint(_ state: StatusReport.State, _ text: String) -> String {
        switch state {
        case .ok: Paint.green(text)
        case .drifted, .missing: Paint.yellow(text)
        case .error: Paint.red(text)
        case .skipped: Paint.dim(text)
        }
    }

    /// A painted line with every control character but the paint's escapes shown as `?`.
    private static func printablePainted(_ line: String) -> String {
        line.components(separatedBy: "\u{1B}[").enumerated().map { index, part in
            index == 0 ? TerminalConsole.printable(part) : "\u{1B}[" + TerminalConsole.printable(part)
        }.joined()
    }

    /// The verdict: what is in place, and what was not checked and how to check it.
    static func summary(_ report: StatusReport) -> [String] {
        var lines = [report.allInPlace
            ? (report.complete ? "Everything is in place." : "Everything checked is in place, but not everything was checked:")
            : "Not everything is in place: run `pomclaw install` to converge."]
        if report.allInPlace {
            lines += report.skipped.map { "  not checked: \($0.group) (\($0.count) check\($0.count == 1 ? "" : "s")): \($0.reason)" }
        }
        return lines
    }

    private static let indent = String(repeating: " ", count: 11)

    /// The report as one JSON document: `{"ok": Bool, "complete": Bool, "groups": [{"name",
    /// "checks": [{"id", "title", "state", "detail"?, "changes"}]}]}`; `complete` is false when
    /// a check was skipped.
    public static func json(_ report: StatusReport) -> String {
        let groups: [JSONValue] = report.groups.map { group in
            .object([
                "name": .string(group.name),
                "checks": .array(group.entries.map { entry in
                    var object: JSONObject = [
                        "id": .string(entry.id),
                        "title": .string(entry.title),
                        "state": .string(entry.state.rawValue),
                        "changes": .array(entry.changes.map(JSONValue.string)),
                    ]
                    if let detail = entry.detail { object["detail"] = .string(detail) }
                    return .object(object)
                }),
            ])
        }
        let document = JSONValue.object([
            "ok": .bool(report.allInPlace), "complete": .bool(report.complete), "groups": .array(groups),
        ])
        return String(decoding: document.encoded(), as: UTF8.self)
    }
}
