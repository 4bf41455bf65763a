import PomclawCore
import Testing

/// PATH search as a shell does it, without relative entries.
@Suite struct ExecutableSearchTests {
    let search = ExecutableSearch { ["/a/docker", "/b/docker", "/usr/bin/docker"].contains($0) }

    @Test func theFirstDirectoryWins() {
        #expect(search.find("docker", path: "/nope:/b:/a") == "/b/docker")
    }

    @Test func relativeAndEmptyEntriesAreSkipped() {
        let relative = ExecutableSearch { $0 == "bin/docker" || $0 == "/a/docker" }
        #expect(relative.find("docker", path: "bin::.:/a/") == "/a/docker")
    }

    @Test func anUnsetPathUsesTheDefault() {
        #expect(search.find("docker", path: nil) == "/usr/bin/docker")
        #expect(search.find("docker", path: "") == "/usr/bin/docker")
    }

    @Test func missingIsNil() {
        #expect(search.find("docker-compose", path: "/a:/b") == nil)
    }
}
