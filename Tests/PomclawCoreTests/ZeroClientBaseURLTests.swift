import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ZeroClientBaseURLTests {
    static let variable = "POMCLAW_ZERO_API"

    @Test(arguments: [[:], [variable: ""], [variable: "  \n"], ["POMCLAW_ZERO_API_URL": "http://x"]])
    func defaultsToTheConsole(_ environment: [String: String]) throws {
        let url = try ZeroClient.baseURL(environment: environment)
        #expect(url.absoluteString == "https://console.pomerium.app/api/v0")
        #expect(url == ZeroClient.defaultBaseURL)
    }

    @Test(arguments: [
        "https://zero.example.com/api/v0", "http://localhost:8080/api/v0",
        "http://LOCALHOST/api/v0", "http://127.0.0.1:39999/api/v0", "http://127.9.8.7/api/v0",
        "http://[::1]:8080/api/v0", "http://[0:0:0:0:0:0:0:1]/api/v0", "HTTPS://zero.example/",
    ])
    func theOverrideIsHonoured(_ value: String) throws {
        let url = try ZeroClient.baseURL(environment: [Self.variable: " \(value) "])
        #expect(url.absoluteString == value)
    }

    @Test(arguments: [
        "http://zero.example.com/api/v0", "http://128.0.0.1/api/v0", "http://10.0.0.1/api/v0",
        "http://[::2]/api/v0", "http://localhost.evil.example/api/v0", "http://127.0.0.1.nip.io/",
    ])
    func plainHTTPToOtherHostsIsRefused(_ value: String) throws {
        let error = try #require(throws: PomclawError.self) {
            _ = try ZeroClient.baseURL(environment: [Self.variable: value])
        }
        #expect(error.message.contains(Self.variable))
        #expect(error.message.contains("not a loopback host"))
        #expect(error.nextAction.contains("https://"))
    }

    @Test(arguments: ["console.pomerium.app/api/v0", "ftp://zero.example/", "https://", "::"])
    func otherValuesAreRefused(_ value: String) throws {
        let error = try #require(throws: PomclawError.self) {
            _ = try ZeroClient.baseURL(environment: [Self.variable: value])
        }
        #expect(error.message.contains(Self.variable))
        #expect(error.nextAction.contains("https://console.pomerium.app/api/v0"))
    }

    @Test func credentialsInTheURLAreRefusedWithoutEchoingThem() throws {
        let error = try #require(throws: PomclawError.self) {
            _ = try ZeroClient.baseURL(
                environment: [Self.variable: "https://me:hunter2secret@zero.example/api/v0"])
        }
        #expect(error.message.contains("user name or password"))
        #expect(!error.description.contains("hunter2secret"))
    }

    @Test func requestsGoBelowTheBasePath() async throws {
        let base = try ZeroClient.baseURL(
            environment: [Self.variable: "http://127.0.0.1:39999/sim/api/v0/"])
        let transport = ScriptedTransport(basePath: "/sim/api/v0")
        transport.on("POST", "/token", .token("id-A"))
        transport.on("GET", "/organizations", .ok("[]"))
        let client = ZeroClient(
            baseURL: base, apiToken: Secret("api"), transport: transport, time: FakeTimekeeper())
        _ = try await client.organizations()
        #expect(transport.requests.map(\.url.absoluteString) == [
            "http://127.0.0.1:39999/sim/api/v0/token",
            "http://127.0.0.1:39999/sim/api/v0/organizations",
        ])
    }
}
