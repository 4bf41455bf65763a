import Foundation
import Testing
import ZeroSimulator

@Suite("zero-sim executable")
struct ZeroSimExecutableTests {
    /// The `zero-sim` binary in the build products directory.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("zero-sim")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/zero-sim")
    }

    @Test("serves a seeded fixture, prints where it listens, never prints tokens")
    func servesFixture() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zero-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seed = directory.appendingPathComponent("seed.json")
        let apiToken = "seeded-api-token-\(UUID().uuidString)"
        try Data("""
            {"organizations": [{"name": "personal", "clusters": [{"name": "home", "domain": "trusted-dog-1049"}]}],
             "apiTokens": [{"token": "\(apiToken)", "organizations": ["personal"]}]}
            """.utf8).write(to: seed)

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["--port", "0", "--seed", seed.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        var printed = ""
        let deadline = Date().addingTimeInterval(20)
        while !printed.contains("\n"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let firstLine = try #require(printed.split(separator: "\n").first.map(String.init))
        let match = try #require(firstLine.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/))
        let port = try #require(Int(match.1))
        let http = TestHTTP(base: try #require(URL(string: "http://127.0.0.1:\(port)/api/v0")))
        let token = try await http.idToken(apiToken)
        let clusters = try await http.send("GET", "/organizations", token: token)
        #expect(clusters.json?.arrayValue?.first?["name"] == .string("personal"))
        process.terminate()
        process.waitUntilExit()
        printed += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!printed.contains(apiToken))
        #expect(!printed.contains(token))
    }

    @Test("bad arguments exit 64")
    func usage() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["--port", "banana"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
    }
}
