import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// What a write interrupted before its rename leaves behind (a temporary file beside the
/// target) is removed by the next write of that file, and nothing else is.
@Suite struct AtomicFileTests {
    @Test func theNextWriteRemovesTheLeftoversOfAnInterruptedOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The temporary file of `.env` is `.` + `.env` + `.pomclaw-<number>`.
        let leftovers = ["..env.pomclaw-12345", "..env.pomclaw-9"]
        let others = ["..env.pomclaw-notmine", "..envx.pomclaw-1", ".env.pomclaw-77", ".other.pomclaw-77"]
        for name in leftovers + others {
            try Data("x".utf8).write(to: URL(fileURLWithPath: directory.file(name)))
        }
        try AtomicFile.write(Data("A=1\n".utf8), to: directory.file(".env"), mode: 0o600)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(names == Set(others + [".env"]))
        #expect(try String(contentsOfFile: directory.file(".env"), encoding: .utf8) == "A=1\n")
    }

    @Test func aWriteStoppedBeforeItsRenameLeavesTheOldFileAndAPrivateTemporary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        try AtomicFile.write(Data("OLD=1\n".utf8), to: path, mode: 0o600)
        struct Stop: Error {}
        var temporary = ""
        #expect(throws: Stop.self) {
            try AtomicFile.write(Data("NEW=1\n".utf8), to: path, mode: 0o600) { path in
                temporary = path
                var info = stat()
                #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
                throw Stop()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "OLD=1\n")
    }
}
