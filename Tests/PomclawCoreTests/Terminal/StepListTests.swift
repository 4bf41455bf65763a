import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct StepListTests {
    @Test func eachOutcomeHasItsWording() {
        func lines(_ outcome: StepOutcome, _ index: Int = 2) -> [String] {
            StepListFormat.lines(StepReport(id: "k", title: "SSH keys", outcome: outcome), index: index, total: 12)
        }
        #expect(lines(.alreadyDone(nil)) == ["[ 3/12] ✓ SSH keys — already done"])
        #expect(lines(.alreadyDone("3 keys"), 10) == ["[11/12] ✓ SSH keys — already done (3 keys)"])
        #expect(lines(.changed(["generate keys/a"])) == ["[ 3/12] ✓ SSH keys — changed: generate keys/a"])
        #expect(lines(.changed(["generate keys/a", "generate keys/b"])) == [
            "[ 3/12] ✓ SSH keys — changed:", "          - generate keys/a", "          - generate keys/b",
        ])
        #expect(lines(.blocked(PomclawError("Another CA is there.", next: "Re-run with --yes."))) == [
            "[ 3/12] ✗ SSH keys — blocked: Another CA is there.", "          Next: Re-run with --yes.",
        ])
        #expect(lines(.failed("disk full\nNext: free space")) == [
            "[ 3/12] ✗ SSH keys — failed: disk full", "          Next: free space",
        ])
        #expect(lines(.notRun) == ["[ 3/12] - SSH keys — not run (stopped by the error above)"])
        #expect(lines(.wouldChange(Plan(["a", "b"]))) == ["[ 3/12] + SSH keys — would change (2 changes, see the plan)"])
    }

    @Test func plainLinesCarryNoEscapeCodesAndColouredOnesDo() {
        let outcomes: [StepOutcome] = [.alreadyDone(nil), .changed(["x", "y"]), .failed("f"), .notRun, .blocked(PomclawError("b"))]
        for outcome in outcomes {
            let report = StepReport(id: "a", title: "A", outcome: outcome)
            #expect(!StepListFormat.lines(report, index: 0, total: 3).joined().contains("\u{1B}"))
            #expect(StepListFormat.lines(report, index: 0, total: 3, colored: true).joined().contains("\u{1B}["))
        }
    }

    @Test func linesComeOutInPlanOrderWhicheverLaneFinishesFirst() {
        let console = FakeConsole(decorated: true)
        let list = StepList(titles: ["Image", "Gateway", "Cluster settings"], console: console)
        list.started(0)
        list.started(2)
        // Each step in flight carries its own number in the plan, the one its line will carry.
        #expect(console.activities.last == "[1/3] Image · [3/3] Cluster settings")
        // The second lane's step finishes first: it waits for the first lane's.
        list.finished(2, StepReport(id: "c", title: "Cluster settings", outcome: .alreadyDone(nil)))
        #expect(console.displayed.isEmpty)
        #expect(console.activities.last == "[1/3] Image")
        list.finished(0, StepReport(id: "i", title: "Image", outcome: .changed(["build"])))
        #expect(console.displayedLines.count == 1)
        list.started(1)
        list.finished(1, StepReport(id: "g", title: "Gateway", outcome: .alreadyDone(nil)))
        list.close()
        #expect(TerminalText.plain(console.displayedLines) == [
            "[1/3] ✓ Image — changed: build", "[2/3] ✓ Gateway — already done", "[3/3] ✓ Cluster settings — already done",
        ])
        #expect(console.activities.last == .some(nil), "the in-flight line stays after the run")
    }

    @Test func theRunnerNumbersEveryStepAndListsThoseAfterAFailureAsNotRun() async {
        let console = FakeConsole()
        let done = ScriptedStep("a", checks: [.done()])
        let failing = ScriptedStep("b", checks: [.changes(Plan(["create b"]))], applyError: PomclawError("no space", next: "free some"))
        let later = ScriptedStep("c", checks: [])
        let report = await Runner([done, failing, later]).run(.fake(console: console))
        #expect(report.exitCode == 1)
        #expect(console.displayedLines == [
            "[1/3] ✓ step a — already done",
            "[2/3] ✗ step b — failed: no space",
            "        Next: free some",
            "[3/3] - step c — not run (stopped by the error above)",
        ])
        #expect(console.details.contains("step b: applying: create b"))
        #expect(console.logLines.isEmpty, "the step list is the only report: \(console.logLines)")
    }
}

/// Strips ANSI colour codes, for comparing coloured lines by their words.
enum TerminalText {
    static func plain(_ lines: [String]) -> [String] {
        lines.map { line in
            var out = ""
            var skipping = false
            for scalar in line.unicodeScalars {
                if scalar == "\u{1B}" { skipping = true; continue }
                if skipping { if scalar == "m" { skipping = false }; continue }
                out.unicodeScalars.append(scalar)
            }
            return out
        }
    }
}
