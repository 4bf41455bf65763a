import Foundation

/// Renders a `StatusReport` for people (aligned lines, grouped) and for scripts (`--json`).
public enum StatusPrinter {
    /// One line per entry under its group's name; what differs is indented below it.
    public static func lines(_ report: StatusReport) -> [String] {
        var lines: [String] = []
        for group in report.groups {
            lines.append(group.name)
            for entry in group.entries {
                let state = entry.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let detail = entry.detail.map { ": " + $0.replacingOccurrences(of: "\n", with: "\n" + indent) } ?? ""
                lines.append("  \(state) \(entry.title)\(detail)")
                lines.append(contentsOf: entry.changes.map { indent + $0 })
            }
        }
        lines.append(report.allInPlace ? "Everything is in place." : "Not everything is in place: run `pomclaw install` to converge.")
        return lines
    }

    private static let indent = String(repeating: " ", count: 11)

    /// The report as one JSON document: `{"ok": Bool, "groups": [{"name", "checks": [{"id",
    /// "title", "state", "detail"?, "changes"}]}]}`.
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
        let document = JSONValue.object(["ok": .bool(report.allInPlace), "groups": .array(groups)])
        return String(decoding: document.encoded(), as: UTF8.self)
    }
}
