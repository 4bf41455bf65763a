import Foundation
import PomclawTestSupport
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

        let server = try RunningChild(
            [Self.executable.path, "--port", "0", "--seed", seed.path], environment: ProcessInfo.processInfo.environment)
        defer { server.stop() }
        var printed = server.read(timeout: .seconds(20)) { $0.contains("\n") }
        let firstLine = try #require(printed.split(separator: "\n").first.map(String.init))
        let match = try #require(firstLine.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/))
        let port = try #require(Int(match.1))
        let http = TestHTTP(base: try #require(URL(string: "http://127.0.0.1:\(port)/api/v0")))
        let token = try await http.idToken(apiToken)
        let clusters = try await http.send("GET", "/organizations", token: token)
        #expect(clusters.json?.arrayValue?.first?["name"] == .string("personal"))
        server.signal(SIGTERM)
        #expect(server.wait(timeout: .seconds(20)) != nil, "zero-sim did not stop on SIGTERM")
        printed += server.read(timeout: .seconds(5)) { _ in false } + server.errorOutput
        #expect(!printed.contains(apiToken))
        #expect(!printed.contains(token))
    }

    @Test("bad arguments exit 64")
    func usage() throws {
        let result = try ChildProcess.run(
            [Self.executable.path, "--port", "banana"], environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 64)
    }
}
