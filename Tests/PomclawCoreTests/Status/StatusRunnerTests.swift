import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// A step whose check returns a fixed result and whose apply must never run.
private struct FixedCheckStep: Step {
    let id: String
    let title: String
    let result: @Sendable () throws -> CheckResult

    func check(_ context: Context) async throws -> CheckResult { try result() }
    func apply(_ context: Context) async throws {
        Issue.record("status applied \(id)")
    }
}

@Suite struct StatusRunnerTests {
    let groups: [StatusRunner.Group] = [
        StatusRunner.Group(name: "local files", steps: [
            FixedCheckStep(id: "a", title: "A") { .done("found a") },
            FixedCheckStep(id: "b", title: "B") { .changes(Plan(["create b"], finding: .missing)) },
        ]),
        StatusRunner.Group(name: "containers", steps: [
            FixedCheckStep(id: "c", title: "C") { .changes(Plan(["recreate c"])) },
            FixedCheckStep(id: "d", title: "D") { .blocked(PomclawError("d is stuck", next: "fix d")) },
            FixedCheckStep(id: "e", title: "E") { throw PomclawError("e failed") },
        ]),
        StatusRunner.Group(name: "Pomerium Zero", steps: [
            FixedCheckStep(id: "f", title: "F") { Issue.record("skipped step checked"); return .done(nil) },
        ], skipReason: "no API token"),
    ]

    @Test func everyCheckBecomesAnEntryInItsGroupAndOrder() async {
        let report = await StatusRunner(groups).run(.fake())
        #expect(report.groups.map(\.name) == ["local files", "containers", "Pomerium Zero"])
        #expect(report.groups[0].entries == [
            StatusReport.Entry(id: "a", title: "A", state: .ok, detail: "found a"),
            StatusReport.Entry(id: "b", title: "B", state: .missing, changes: ["create b"]),
        ])
        #expect(report.groups[1].entries.map(\.state) == [.drifted, .error, .error])
        #expect(report.groups[1].entries[1].detail == "d is stuck\nNext: fix d")
        #expect(report.groups[1].entries[2].detail == "e failed")
        #expect(report.groups[2].entries == [
            StatusReport.Entry(id: "f", title: "F", state: .skipped, detail: "no API token"),
        ])
        #expect(report.exitCode == 1)
    }

    /// Skipped checks are not all clear: exit 3 and the summary names what was not checked.
    @Test func okAndSkippedMeanInPlaceAsFarAsChecked() async {
        let report = await StatusRunner([
            StatusRunner.Group(name: "g", steps: [FixedCheckStep(id: "a", title: "A") { .done(nil) }]),
            StatusRunner.Group(name: "z", steps: [FixedCheckStep(id: "z", title: "Z") { .done(nil) }], skipReason: "why"),
        ]).run(.fake())
        #expect(report.allInPlace && !report.complete)
        #expect(report.exitCode == 3)
        #expect(StatusPrinter.lines(report).suffix(2) == [
            "Everything checked is in place, but not everything was checked:", "  not checked: z (1 check): why",
        ])
        #expect(StatusPrinter.json(report).contains(#""complete":false"#))
        let full = await StatusRunner([
            StatusRunner.Group(name: "g", steps: [FixedCheckStep(id: "a", title: "A") { .done(nil) }]),
        ]).run(.fake())
        #expect(full.exitCode == 0 && full.complete)
        #expect(StatusPrinter.lines(full).last == "Everything is in place.")
    }

    @Test func printerShowsStateTitleDetailAndChanges() async {
        let report = await StatusRunner(groups).run(.fake())
        let lines = StatusPrinter.lines(report)
        #expect(lines.contains("local files"))
        #expect(lines.contains("  ok       A: found a"))
        #expect(lines.contains("  missing  B"))
        #expect(lines.contains("           create b"))
        #expect(lines.contains("  skipped  F: no API token"))
        #expect(lines.last == "Not everything is in place: run `pomclaw install` to converge.")
    }

    @Test func jsonIsOneDocumentScriptsCanRead() async throws {
        let report = await StatusRunner(groups).run(.fake())
        let json = StatusPrinter.json(report)
        #expect(!json.contains("\n"))
        let parsed = try JSONValue.parse(Data(json.utf8))
        #expect(parsed.objectValue?["ok"] == .bool(false))
        let group = parsed.objectValue?["groups"]?.arrayValue?[1].objectValue
        let check = group?["checks"]?.arrayValue?.first?.objectValue
        #expect(check?["id"] == .string("c"))
        #expect(check?["state"] == .string("drifted"))
        #expect(check?["changes"] == .array([.string("recreate c")]))
    }
}
