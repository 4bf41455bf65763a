import Foundation
import PomclawCore
import PomclawTestSupport
import Testing
import ZeroSimulator

/// The binary against a Zero API that refuses the token or answers with something other than
/// its JSON: each run stops with exit 1, the reason on the error line (the server's words, if
/// any, on one more line) and the next action on the last.
@Suite struct ZeroReasonProcessTests {
    struct Reason: Sendable, CustomTestStringConvertible {
        var name: String
        /// Changes the simulator before the run; returns extra arguments (later ones win).
        var setup: @Sendable (CLIFixture) throws -> [String]
        /// Text the error's lines must hold, in order: the reason first, the next action last.
        var expected: [String]
        var testDescription: String { name }
    }

    static let reasons: [Reason] = [
        Reason(name: "an unknown cluster domain", setup: { _ in ["--cluster-domain", "no-such-cluster.pomerium.app"] },
               expected: ["'no-such-cluster.pomerium.app' was not found", "Next: Set POMERIUM_CLUSTER_DOMAIN"]),
        Reason(name: "an invalid email", setup: { _ in ["--operator-email", "operator@example"] },
               expected: ["OPERATOR_EMAIL 'operator@example' is not an email address", "Next: Use the address"]),
        Reason(name: "a wrong API token", setup: { fixture in
                   try Data("zapi-not-issued-by-this-console\n".utf8).write(to: URL(fileURLWithPath: fixture.apiTokenFile))
                   return []
               },
               expected: ["POST /token failed with HTTP 400 (API token rejected)", "invalid refresh token", "Next: Generate a new API token"]),
        Reason(name: "an expired API token", setup: { fixture in
                   fixture.sim.expireAPIToken(fixture.apiToken)
                   return []
               },
               expected: ["POST /token failed with HTTP 400 (API token rejected)", "refresh token expired", "Next: Generate a new API token"]),
        Reason(name: "a revoked API token", setup: { fixture in
                   fixture.sim.revokeAPIToken(fixture.apiToken)
                   return []
               },
               expected: ["POST /token failed with HTTP 400 (API token rejected)", "invalid refresh token", "Next: Generate a new API token"]),
        Reason(name: "a captive portal answering 200 with HTML", setup: { fixture in
                   fixture.sim.inject("POST /api/v0/token", count: 100, .answer(
                       status: 200, contentType: "text/html; charset=utf-8",
                       body: "<!DOCTYPE html>\n<html><head><title>Hotel\nWi-Fi \u{1B}[31mlogin</title></head>\n<body>Sign in</body></html>\n"))
                   return []
               },
               expected: ["POST /token failed: the response was not valid JSON", "an HTML page titled 'Hotel Wi-Fi ?[31mlogin'",
                          "Next: Something other than the Pomerium Zero API answered"]),
        Reason(name: "a proxy's 502 page in HTML", setup: { fixture in
                   fixture.sim.inject("POST /api/v0/organizations/*/routes", count: 100, .answer(
                       status: 502, contentType: "text/html",
                       body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))
                   return []
               },
               expected: ["/routes failed with HTTP 502", "an HTML page titled '502 Bad Gateway'", "Next: Pomerium Zero seems unavailable"]),
        Reason(name: "an empty body", setup: { fixture in
                   fixture.sim.inject("POST /api/v0/organizations/*/policies", count: 100, .answer(status: 200, contentType: "application/json", body: ""))
                   return []
               },
               expected: ["/policies failed: the response was not valid JSON", "an empty body", "Next: Pomerium Zero sent an answer pomclaw does not understand"]),
        Reason(name: "a truncated JSON body", setup: { fixture in
                   fixture.sim.inject("POST /api/v0/organizations/*/policies", count: 100, .answer(
                       status: 200, contentType: "application/json", body: #"{"id": "bPol1", "name": "openclaw us"#))
                   return []
               },
               expected: ["/policies failed: the response was not valid JSON", "Next: Pomerium Zero sent an answer pomclaw does not understand"]),
    ]

    @Test(arguments: reasons)
    func eachFailureIsOneReasonAndTheNextAction(_ reason: Reason) async throws {
        try await CLIFixture.with { fixture in
            let extra = try reason.setup(fixture)
            let result = try await fixture.run(fixture.arguments(extra))
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let start = lines.lastIndex(where: { $0.contains(reason.expected[0]) }) else {
                Issue.record("no line says '\(reason.expected[0])':\n\(result.stderr)")
                return
            }
            // The failure's own lines end with its next action; the step list goes on after
            // them with the steps not run and the run log's path.
            let end = lines[start...].firstIndex { $0.hasPrefix("Next: ") } ?? lines.endIndex - 1
            let block = Array(lines[start...end])
            // The reason, at most one line of the server's words, then the next action.
            #expect(block.count <= 3, "the error runs to \(block.count) lines:\n\(block.joined(separator: "\n"))")
            #expect(block.last?.hasPrefix("Next: ") == true, "\(block)")
            var remaining = block[...]
            for text in reason.expected {
                guard let index = remaining.firstIndex(where: { $0.contains(text) }) else {
                    Issue.record("'\(text)' missing or out of order in:\n\(block.joined(separator: "\n"))")
                    break
                }
                remaining = remaining[(index + 1)...]
            }
            #expect(block.allSatisfy { $0.count <= 400 }, "\(block)")
            #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" })
            try fixture.expectNoSecrets(in: [result])
        }
    }
}
