import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct RunLogTests {
    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func secretsAreRedactedInLinesHeldAndLinesWrittenLater() throws {
        let directory = try TemporaryDirectory("pomclaw-runlog")
        defer { directory.remove() }
        let log = RunLog(clock: { Date(timeIntervalSince1970: 1_800_000_000) })
        log.write("[pomclaw] error: 'zapi-typed-at-the-email-prompt' is not an email address")
        log.redact("zapi-typed-at-the-email-prompt")
        let path = try log.open(in: InstallDirectory(directory.path), command: "install")
        log.redact(Secret("zct-cluster-token-value\n"))
        log.write("docker: run with zct-cluster-token-value and \(Secret("never"))")
        log.write("short secrets stay: abc")
        log.redact("abc")

        #expect(path == directory.file(".pomclaw/logs/install-20270115T080000Z.log"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("zapi-typed-at-the-email-prompt"))
        #expect(!text.contains("zct-cluster-token-value"))
        #expect(!text.contains("never"))
        #expect(text.contains("2027-01-15T08:00:00.000Z [pomclaw] error: '<redacted>' is not an email address"))
        #expect(text.contains("docker: run with <redacted> and <redacted>"))
        #expect(text.contains("short secrets stay: abc"), "a value this short is not treated as a secret")
        #expect(try mode(path) == 0o600)
        #expect(try mode(directory.file(".pomclaw/logs")) == 0o700)
        #expect(try mode(directory.file(".pomclaw")) == 0o700)
    }

    @Test func onlyTheNewestLogsAreKept() throws {
        let directory = try TemporaryDirectory("pomclaw-runlog")
        defer { directory.remove() }
        var paths: [String] = []
        for second in 0..<(RunLog.kept + 3) {
            let log = RunLog(clock: { Date(timeIntervalSince1970: 1_800_000_000 + Double(second)) })
            paths.append(try log.open(in: InstallDirectory(directory.path), command: "install"))
        }
        let sameSecond = try RunLog(clock: { Date(timeIntervalSince1970: 1_800_000_000 + Double(RunLog.kept + 2)) })
            .open(in: InstallDirectory(directory.path), command: "install")
        #expect(sameSecond.hasSuffix("-2.log"), "a second log in the same second gets its own name")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.file(".pomclaw/logs")).sorted()
        #expect(left.count == RunLog.kept)
        #expect(!left.contains((paths[0] as NSString).lastPathComponent))
        #expect(left.contains((sameSecond as NSString).lastPathComponent))
    }
}
