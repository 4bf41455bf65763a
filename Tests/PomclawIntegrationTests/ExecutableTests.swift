import Foundation
import Testing

@Suite struct ExecutableTests {
    @Test func printsItsVersion() throws {
        let result = try PomclawProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
