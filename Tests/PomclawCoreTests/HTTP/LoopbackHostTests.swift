import Testing

@testable import PomclawCore

@Suite struct LoopbackHostTests {
    @Test(arguments: [
        "localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.255.255.254", "127.1.2.3", "::1", "[::1]",
        "0:0:0:0:0:0:0:1", "[0000::0001]",
    ])
    func loopbackHosts(host: String) {
        #expect(LoopbackHost.isLoopback(host))
    }

    @Test(arguments: [
        "example.com", "localhost.example.com", "foo.localhost", "128.0.0.1", "10.0.0.1", "0.0.0.0", "::",
        "::2", "127.1", "2130706433", "127.0.0.1.nip.io", "::ffff:127.0.0.1", "", "[::1", "[]",
    ])
    func otherHosts(host: String) {
        #expect(!LoopbackHost.isLoopback(host))
    }
}
