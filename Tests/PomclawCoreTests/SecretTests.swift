import PomclawCore
import Testing

@Suite struct SecretTests {
    @Test func neverRendersItsValue() {
        let secret = Secret("tok-very-secret")
        #expect("\(secret)" == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("tok-very-secret"))
        #expect(secret.value == "tok-very-secret")
    }
}
