import Foundation

/// Renders a `DoctorReport` for people (one line per finding, the next action below it) and
/// for scripts (`--json`).
public enum DoctorPrinter {
    /// With `colored`, each severity carries its colour and the values are made printable
    /// (for `TerminalConsole.outputPainted`).
    public static func lines(_ report: DoctorReport, colored: Bool = false) -> [String] {
        var lines: [String] = []
        for finding in report.findings {
            let padded = finding.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let severity = colored ? paint(finding.severity, padded) : padded
            let detail = colored ? TerminalConsole.printable(finding.detail) : finding.detail
            let title = colored ? TerminalConsole.printable(finding.title) : finding.title
            lines.append("  \(severity) \(title): " + detail.replacingOccurrences(of: "\n", with: "\n" + indent))
            if !finding.next.isEmpty {
                lines.append(indent + "next: " + (colored ? TerminalConsole.printable(finding.next) : finding.next))
            }
        }
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        if errors == 0 {
            lines.append(warnings == 0 ? "No problems found." : "No errors; \(warnings) warning\(warnings == 1 ? "" : "s") above.")
        } else {
            lines.append("\(errors) problem\(errors == 1 ? "" : "s") found: follow the next steps above, then run `pomclaw doctor` again.")
        }
        return lines
    }

    private static let indent = String(repeating: " ", count: 11)

    private static func paint(_ severity: DoctorFinding.Severity, _ text: String) -> String {
        switch severity {
        case .ok: Paint.green(text)
        case .warning: Paint.yellow(text)
        case .error: Paint.red(text)
        case .skipped: Paint.dim(text)
        }
    }

    /// `{"ok": Bool, "findings": [{"id", "title", "severity", "detail", "next"?}]}`.
    public static func json(_ report: DoctorReport) -> String {
        let findings: [JSONValue] = report.findings.map { finding in
            var object: JSONObject = [
                "id": .string(finding.id),
                "title": .string(finding.title),
                "severity": .string(finding.severity.rawValue),
                "detail": .string(finding.detail),
            ]
            if !finding.next.isEmpty { object["next"] = .string(finding.next) }
            return .object(object)
        }
        let document = JSONValue.object(["ok": .bool(report.healthy), "findings": .array(findings)])
        return String(decoding: document.encoded(), as: UTF8.self)
    }
}
