import Foundation
import Testing

/// No code of pomclaw's, product or tests, starts a child through Foundation's `Process`. On
/// Linux one manager thread reaps every such child and blocks in `waitpid` once a child's
/// socket closes, so one child that closes its descriptors and runs on stalls every other
/// wait, and `waitUntilExit` has no bound. pomclaw uses `Spawn`; the tests use `ChildProcess`
/// and `RunningChild` (PomclawTestSupport).
@Suite struct ChildProcessRuleTests {
    @Test func noSwiftFileStartsAFoundationProcess() throws {
        // Code lines only, whole words only (`ChildProcess.run(` is fine).
        let patterns = try [#"\bProcess\(\)"#, #"\bFoundation\.Process\b"#, #"\bProcess\.run\("#, #"\bwaitUntil"# + "Exit"]
            .map { try NSRegularExpression(pattern: $0) }
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "Fuzz"] {
            let root = URL(fileURLWithPath: StackEngine.repositoryFile(folder))
            guard let files = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && patterns.contains(where: {
                    $0.firstMatch(in: String(line), range: NSRange(line.startIndex..., in: line)) != nil
                }) {
                    offenders.append("\(folder)\(file.path.dropFirst(root.path.count)):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "use Spawn (pomclaw) or ChildProcess/RunningChild (tests):\n\(offenders.joined(separator: "\n"))")
    }
}
