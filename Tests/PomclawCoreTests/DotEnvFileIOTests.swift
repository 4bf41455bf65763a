import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Reading `.env` from disk and writing it back crash-safely with mode 0600.
@Suite struct DotEnvFileIOTests {
    struct Interrupted: Error {}

    private func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode
    }

    private func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    @Test func readsAMissingFileAsAnEmptyDocument() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try DotEnvFile.read(from: directory.file(".env"))
        #expect(file.values.isEmpty && file.rendered.isEmpty && file.warnings.isEmpty)
    }

    @Test func readsWhatItWrote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        let text = "# mine\r\nexport A='x y' # c\r\nB=\"q\\\"\""
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let read = try DotEnvFile.read(from: path)
        #expect(read.values == ["A": "x y", "B": "q\""])
        try read.setting("C", "3").write(to: path)
        #expect(bytes(path) == Data((text + "\r\nC=3\r\n").utf8))
    }

    @Test func reportsAnUnreadablePathWithANextAction() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Tests may run as root, who can read any file: use paths that fail for everyone.
        try FileManager.default.createDirectory(atPath: directory.file(".env"), withIntermediateDirectories: false)
        try Data("A=1\n".utf8).write(to: URL(fileURLWithPath: directory.file("plain")))
        for path in [directory.file(".env"), directory.file("plain/.env")] {
            let error = #expect(throws: PomclawError.self) { try DotEnvFile.read(from: path) }
            #expect(error?.message.contains(path) == true)
            #expect(error?.nextAction.isEmpty == false)
        }
    }

    @Test func refusesAFileThatIsNotUTF8WithoutQuotingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        try Data([0x41, 0x3D, 0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: PomclawError.self) { try DotEnvFile.read(from: path) }
        #expect(error?.message.contains("UTF-8") == true)
        #expect(error?.description.contains("SECRET") == false)
    }

    @Test func tightensAGroupAndWorldReadableFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        try Data("A=1\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o644) == 0)
        try DotEnvFile.read(from: path).setting("A", "2").write(to: path)
        #expect(mode(path).map { $0 & 0o7777 } == 0o600)
        #expect(bytes(path) == Data("A=2\n".utf8))
    }

    /// A write interrupted just before the rename leaves the old file byte-identical and no
    /// temporary file behind; the temporary file is already 0600 at that moment.
    @Test func anInterruptedWriteLeavesThePreviousFileIntact() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".env")
        let original = Data("# mine\nPOMERIUM_ZERO_TOKEN=old\n".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o600) == 0)
        let updated = try DotEnvFile.read(from: path).setting("POMERIUM_ZERO_TOKEN", "new")
        var temporaryMode: mode_t?
        var temporaryBytes: Data?
        #expect(throws: Interrupted.self) {
            try updated.write(to: path) { temporary in
                temporaryMode = mode(temporary)
                temporaryBytes = bytes(temporary)
                throw Interrupted()
            }
        }
        #expect(temporaryMode.map { $0 & S_IFMT } == S_IFREG)
        #expect(temporaryMode.map { $0 & 0o7777 } == 0o600)
        #expect(temporaryBytes == updated.data)
        #expect(bytes(path) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [".env"])
    }
}
