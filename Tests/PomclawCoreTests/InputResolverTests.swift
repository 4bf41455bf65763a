import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct InputResolverTests {
    static let complete: [String: String] = [
        "POMERIUM_ZERO_TOKEN": "zt-env", "POMERIUM_ZERO_API_TOKEN": "api-env",
        "POMERIUM_CLUSTER_DOMAIN": "env.pomerium.app", "OPERATOR_EMAIL": "env@example.com",
    ]

    func resolver(_ sources: InputSources, _ console: FakeConsole = FakeConsole(), domain: String = "picked.pomerium.app") -> InputResolver {
        InputResolver(sources: sources, console: console) { _, _ in domain }
    }

    @Test func flagBeatsEnvironmentBeatsDotEnv() async throws {
        let sources = InputSources(
            flags: [.operatorEmail: "flag@example.com"],
            environment: ["OPERATOR_EMAIL": "env@example.com", "POMERIUM_ZERO_TOKEN": "zt-env"],
            dotenv: Self.complete.merging(["OPENCLAW_VERSION": "2026.7.1"]) { _, new in new })
        let resolved = try await resolver(sources).resolve()
        #expect(resolved.settings.operatorEmail == "flag@example.com")
        #expect(resolved.origins[.operatorEmail] == .flag)
        #expect(resolved.settings.zeroToken.value == "zt-env")
        #expect(resolved.origins[.zeroToken] == .environment)
        #expect(resolved.settings.clusterDomain == "env.pomerium.app")
        #expect(resolved.origins[.clusterDomain] == .dotenv)
        #expect(resolved.settings.openclawVersion == "2026.7.1")
    }

    @Test func versionDefaultsToThePin() async throws {
        let resolved = try await resolver(InputSources(environment: Self.complete)).resolve()
        #expect(resolved.settings.openclawVersion == "2026.6.5")
        #expect(resolved.origins[.openclawVersion] == .defaultValue)
    }

    @Test func withoutATerminalEveryMissingValueIsNamed() async {
        do {
            _ = try await resolver(InputSources()).resolve()
            Issue.record("expected an error")
        } catch let error as PomclawError {
            for key in [InputKey.zeroToken, .apiToken, .clusterDomain, .operatorEmail] {
                #expect(error.message.contains(key.variable))
                #expect(error.message.contains(key.flag))
            }
            #expect(error.message.contains("--zero-token-file"))
            #expect(error.message.contains("--api-token-file"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func withoutATerminalAMissingDomainIsPickedThroughTheAPI() async throws {
        var environment = Self.complete
        environment["POMERIUM_CLUSTER_DOMAIN"] = nil
        let resolved = try await resolver(InputSources(environment: environment)).resolve()
        #expect(resolved.settings.clusterDomain == "picked.pomerium.app")
        #expect(resolved.origins[.clusterDomain] == .picker)
    }

    @Test func promptsHideTokensAndValidateTheEmail() async throws {
        let console = FakeConsole(canPrompt: true, answers: ["zt-typed", "api-typed", "not-an-email", "me@example.com"])
        let resolved = try await resolver(InputSources(), console).resolve()
        #expect(resolved.settings.zeroToken.value == "zt-typed")
        #expect(resolved.settings.apiToken.value == "api-typed")
        #expect(resolved.settings.operatorEmail == "me@example.com")
        #expect(console.prompts.map(\.secret) == [true, true, false, false])
        #expect(!console.transcript.contains("zt-typed"))
        #expect(!console.transcript.contains("api-typed"))
    }

    @Test func endOfInputAtAPromptIsAnError() async {
        let console = FakeConsole(canPrompt: true, answers: [nil])
        do {
            _ = try await resolver(InputSources(), console).resolve()
            Issue.record("expected an error")
        } catch let error as PomclawError {
            #expect(error.message.contains("POMERIUM_ZERO_TOKEN"))
            #expect(error.message.contains("input ended"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func tokensComeFromFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "zt-from-file\n".write(toFile: directory.file("zt"), atomically: true, encoding: .utf8)
        var environment = Self.complete
        environment["POMERIUM_ZERO_TOKEN"] = "ignored"
        let sources = InputSources(files: [.zeroToken: directory.file("zt")], environment: environment)
        let resolved = try await resolver(sources).resolve()
        #expect(resolved.settings.zeroToken.value == "zt-from-file")
        #expect(resolved.origins[.zeroToken] == .file)
    }

    @Test func invalidValuesNameTheirSourceButNeverASecret() async {
        var environment = Self.complete
        environment["POMERIUM_ZERO_API_TOKEN"] = "has a space secret-part"
        do {
            _ = try await resolver(InputSources(environment: environment)).resolve()
            Issue.record("expected an error")
        } catch let error as PomclawError {
            #expect(error.message.contains("POMERIUM_ZERO_API_TOKEN"))
            #expect(error.message.contains("the environment"))
            #expect(!error.description.contains("secret-part"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["latest", "2026.6", "v2026.6.5", "2026.6.5; rm", "", "2026.8.1-beta.1", "2026.6.4", "2025.12.9"])
    func movingMalformedPreReleaseOrTooOldVersionsAreRefused(_ version: String) {
        #expect(throws: PomclawError.self) { try InputValidation.version(version) }
    }

    @Test(arguments: ["2026.6.5", "2026.10.12", "2026.7.1-2", "2026.6.33", "2026.9.8"])
    func pinnedVersionsAreAccepted(_ version: String) throws {
        #expect(try InputValidation.version(version) == version)
    }

    @Test(arguments: ["a@b", "@example.com", "me@", "me@@example.com", "me example@x.com", "me@example..com", "\"q\"@example.com"])
    func badEmailsAreRefused(_ email: String) {
        #expect(throws: PomclawError.self) { try InputValidation.email(email) }
    }
}
