import Foundation
import Testing

@testable import PomclawCore

@Suite struct ZeroScrubberTests {
    static let key = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACBvd7TQ7FqcfSeYxh6Uy2b6Kx2QJ0S5Hy6rQ1fQeH1xBQAAAJgN3Lm0Ddy5
        -----END OPENSSH PRIVATE KEY-----
        """

    @Test func knownSecretsGoVerbatimAndJSONEscaped() {
        let scrubber = ZeroScrubber(secrets: ["tok-1", "", "a/b\"c"])
        #expect(scrubber.scrub("bad token tok-1!") == "bad token <redacted>!")
        #expect(scrubber.scrub(#"{"x":"a\/b\"c"}"#) == #"{"x":"<redacted>"}"#)
        #expect(scrubber.scrub("nothing here") == "nothing here")
    }

    @Test func privateKeyBlocksGoEvenWhenUnknownOrCut() {
        let scrubber = ZeroScrubber(secrets: [])
        #expect(scrubber.scrub("bad key: \(Self.key) end") == "bad key: <redacted> end")
        let escaped = Self.key.replacingOccurrences(of: "\n", with: "\\n")
        #expect(scrubber.scrub(#"{"sshUserCaKey":"\#(escaped)"}"#) == #"{"sshUserCaKey":"<redacted>"}"#)
        let cut = String(Self.key.prefix(60))
        #expect(scrubber.scrub("value \(cut)") == "value <redacted>")
    }

    @Test func linesOfAKnownKeyGoToo() {
        let scrubber = ZeroScrubber(secrets: [Self.key])
        let line = "QyNTUxOQAAACBvd7TQ7FqcfSeYxh6Uy2b6Kx2QJ0S5Hy6rQ1fQeH1xBQAAAJgN3Lm0Ddy5"
        #expect(!scrubber.scrub("invalid base64 at \(line.prefix(40))").contains("QyNTUxOQ"))
    }

    @Test func jwtsAndLongTokensGo() {
        let scrubber = ZeroScrubber(secrets: [])
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl"
        #expect(scrubber.scrub("token \(jwt) expired") == "token <redacted> expired")
        let opaque = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/=="
        #expect(scrubber.scrub("refresh \(opaque).") == "refresh <redacted>.")
        #expect(scrubber.scrub("x-\(String(repeating: "a", count: 40))") == "<redacted>")
    }

    @Test func idsPathsAndWordsStay() {
        let scrubber = ZeroScrubber(secrets: [])
        let text = """
            route /organizations/bKfXBzxQnkQcXkSBxrvHfkbVZnb/routes namespaceId=bKfXBzxQnkQcXkSBxrvHfkbVZnb \
            from https://openclaw.trusted-dog-1049.pomerium.app is invalid: field "to" must be non-empty
            """
        #expect(scrubber.scrub(text) == text)
    }

    @Test func controlCharactersAreNeutralised() {
        let scrubber = ZeroScrubber(secrets: [])
        #expect(scrubber.scrub("red\u{1B}[31m\tline\nnext\r") == "red?[31m\tline\nnext?")
    }

    @Test func serverMessagesPreferErrorThenMessageThenRawText() {
        let scrubber = ZeroScrubber(secrets: ["s3cret-token"])
        #expect(scrubber.serverMessage(Data(#"{"error":"bad ppl","message":"m"}"#.utf8)) == "bad ppl")
        #expect(scrubber.serverMessage(Data(#"{"error":" ","message":"m"}"#.utf8)) == "m")
        #expect(scrubber.serverMessage(Data(#"{"error":{"code":3}}"#.utf8)) == #"{"error":{"code":3}}"#)
        #expect(scrubber.serverMessage(Data("<html>502 s3cret-token</html>\n".utf8))
            == "<html>502 <redacted></html>")
        #expect(scrubber.serverMessage(Data()) == nil)
        #expect(scrubber.serverMessage(Data("  \n".utf8)) == nil)
    }

    @Test func longMessagesAreCutAfterScrubbing() throws {
        let secret = "known-secret-value"
        let scrubber = ZeroScrubber(secrets: [secret])
        // The secret straddles the 2 KB limit: cutting first would leave half of it.
        let body = String(repeating: "word ", count: 409) + "ab" + secret + String(repeating: " more", count: 1000)
        let message = try #require(scrubber.serverMessage(Data(body.utf8)))
        #expect(message.hasSuffix("… (truncated)"))
        #expect(message.count <= ZeroScrubber.messageLimit + 20)
        #expect(!message.contains("known-sec"))
    }
}
