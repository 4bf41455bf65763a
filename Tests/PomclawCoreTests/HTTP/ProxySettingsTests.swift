import Testing

@testable import PomclawCore

@Suite struct ProxySettingsTests {
    @Test func httpsUsesHttpsProxyLowercaseFirst() {
        let settings = ProxySettings.select(
            scheme: "https", host: "console.pomerium.app",
            environment: ["https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2", "http_proxy": "http://plain:3"],
            bypassLoopback: true)
        #expect(settings == ProxySettings(proxy: "http://lower:1", noProxy: ""))
    }

    @Test func httpsFallsBackToUppercaseThenAllProxy() {
        #expect(
            ProxySettings.select(
                scheme: "https", host: "h", environment: ["HTTPS_PROXY": "http://upper:2", "all_proxy": "http://all:4"],
                bypassLoopback: true
            ).proxy == "http://upper:2")
        #expect(
            ProxySettings.select(
                scheme: "https", host: "h", environment: ["all_proxy": "", "ALL_PROXY": "http://ALL:5"],
                bypassLoopback: true
            ).proxy == "http://ALL:5")
    }

    @Test func httpIgnoresHttpsProxy() {
        let settings = ProxySettings.select(
            scheme: "http", host: "h", environment: ["https_proxy": "http://secure:1"], bypassLoopback: false)
        #expect(settings == .direct)
    }

    @Test func emptyVariablesCountAsUnset() {
        let settings = ProxySettings.select(
            scheme: "https", host: "h", environment: ["https_proxy": "", "HTTPS_PROXY": "http://upper:2"],
            bypassLoopback: true)
        #expect(settings.proxy == "http://upper:2")
    }

    @Test func noProxyIsPassedOnLowercaseFirst() {
        let settings = ProxySettings.select(
            scheme: "https", host: "h",
            environment: ["https_proxy": "http://p:1", "no_proxy": "a.example,b.example", "NO_PROXY": "c.example"],
            bypassLoopback: true)
        #expect(settings == ProxySettings(proxy: "http://p:1", noProxy: "a.example,b.example"))
    }

    @Test func loopbackBypassesTheProxyUnlessDisabled() {
        let environment = ["http_proxy": "http://p:1"]
        #expect(
            ProxySettings.select(scheme: "http", host: "127.0.0.1", environment: environment, bypassLoopback: true)
                == .direct)
        #expect(
            ProxySettings.select(scheme: "http", host: "127.0.0.1", environment: environment, bypassLoopback: false)
                .proxy == "http://p:1")
    }

    @Test func noVariablesMeansDirect() {
        #expect(ProxySettings.select(scheme: "https", host: "h", environment: [:], bypassLoopback: true) == .direct)
    }
}
