import Foundation
import PomclawCore
import Testing

/// The real `HostProbing` against real sockets, names and filesystems on this host; no
/// network: the names are `localhost` and under `.invalid`, which never resolves.
@Suite struct SystemHostProbeTests {
    let probe = SystemHostProbe()

    @Test func aPortHeldByAListenerIsInUseAndFreeOnceReleased() throws {
        let holder = try PortHolder()
        #expect(probe.bindTCP(port: holder.port, address: "0.0.0.0") == .inUse)
        #expect(probe.bindTCP(port: holder.port, address: "127.0.0.1") == .inUse)
        holder.release()
        #expect(probe.bindTCP(port: holder.port, address: "0.0.0.0") == .free)
    }

    @Test func aBindAddressThatIsNoAddressFails() {
        guard case .failed = probe.bindTCP(port: 8443, address: "not-an-address") else {
            Issue.record("expected a failure")
            return
        }
    }

    @Test func invalidNamesDoNotResolveAndLocalhostDoes() async {
        let invalid = await probe.resolve("openclaw.doctor-test.invalid")
        if case .addresses(let addresses) = invalid { Issue.record("resolved to \(addresses)") }
        guard case .addresses(let addresses) = await probe.resolve("localhost") else {
            Issue.record("localhost did not resolve")
            return
        }
        #expect(addresses.contains("127.0.0.1") || addresses.contains("::1"))
        #expect(probe.localAddresses().contains("127.0.0.1"))
    }

    @Test func freeSpaceIsReadForExistingPathsOnly() {
        #expect((probe.availableBytes(atPath: NSTemporaryDirectory()) ?? 0) > 0)
        #expect(probe.availableBytes(atPath: "/nonexistent/pomclaw/doctor") == nil)
    }
}
