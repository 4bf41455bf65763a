import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// `pomclaw access add EMAIL` with every hostile payload: an email pomclaw carries lands in the
/// policy exactly as given; any other is refused on one line before the policy is written.
@Suite(.serialized) struct AccessHostileProcessTests {
    @Test func hostileEmailsAreRefusedOnOneLineOrAddedExactly() async throws {
        try await CLIFixture.with { fixture in
            let install = try await fixture.run(fixture.arguments(["--yes"]))
            #expect(install.status == 0, "install: \(install.stderr)")
            let payloads = HostileInput.payloads(base: "friend@example.com", canary: HostileInputProcessTests.canary)
                .filter(\.fitsInArgv)
            #expect(payloads.count == 15)
            for input in payloads {
                fixture.sim.clearRequests()
                // `--` so that a value starting with a dash is the EMAIL, not an option.
                let run = HostileInputProcessTests.Run(
                    arguments: ["access", "add", "--api-token-file", fixture.apiTokenFile, "--", "@HOSTILE@"],
                    argument: input.bytes, environment: [:])
                let result = try await HostileInputProcessTests.run(run, fixture)
                #expect(!FileManager.default.fileExists(atPath: HostileInputProcessTests.canary), "\(input.name): a shell ran it")
                HostileInputProcessTests.expectPrintable(result)
                let writes = fixture.sim.requests.filter { $0.method != "GET" && !$0.path.hasSuffix("/token") }
                let emails = AccessProcessTests().allowed(fixture)
                if HostileInput.carried[.operatorEmail]!.contains(input.name) {
                    #expect(result.status == 0, "\(input.name): \(result.stderr)")
                    #expect(emails.contains(input.text), "\(input.name): \(emails)")
                } else {
                    #expect(result.status == 1, "\(input.name): exit \(result.status): \(result.stderr.prefix(400))")
                    let lines = result.stderr.split(separator: "\n").map(String.init)
                    let error = lines.firstIndex { $0.contains("error: EMAIL '") && $0.contains("is not an email address") }
                    #expect(error.map { lines.indices.contains($0 + 1) && lines[$0 + 1].contains("Next:") } == true,
                            "\(input.name): \(result.stderr.prefix(400))")
                    #expect(lines.allSatisfy { $0.count <= 300 }, "\(input.name)")
                    #expect(writes.isEmpty, "\(input.name): \(writes.map { "\($0.method) \($0.path)" })")
                }
            }
            try fixture.expectNoSecrets(in: [install])
        }
    }
}
