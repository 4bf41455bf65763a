import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// Keys the original bash installer left at the install directory's root.
@Suite struct KeysStepLegacyTests {
    let step = KeysStep()

    /// Writes a legacy install: an RSA 3072 User CA (older ssh-keygen default) and the three
    /// host keys, sloppy modes, the ECDSA key without its .pub. Returns the bytes written.
    func writeLegacyInstall(_ fixture: KeysFixture) throws -> [String: Data] {
        let generator = fixture.generator
        try fixture.write(
            generator.generate(.rsa, bits: 3072, comment: "legacy"), at: fixture.root("pomerium_user_ca_key"),
            mode: 0o644)
        try fixture.write(
            generator.generate(.ed25519, bits: 256, comment: "legacy"), at: fixture.root("ssh_host_ed25519_key"))
        try fixture.write(
            generator.generate(.rsa, bits: 3072, comment: "legacy"), at: fixture.root("ssh_host_rsa_key"))
        try fixture.write(
            generator.generate(.ecdsaP256, bits: 256, comment: "legacy"), at: fixture.root("ssh_host_ecdsa_key"),
            publicFile: false)
        return fixture.snapshot()
    }

    @Test func adoptsRootKeysWithoutRegeneratingThem() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        let legacy = try writeLegacyInstall(fixture)
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .changes(Plan([
            "create keys/ (mode 0700)",
            "move pomerium_user_ca_key and pomerium_user_ca_key.pub (RSA 3072, left by the original installer) into keys/, keeping the key",
            "set mode 0600 on keys/pomerium_user_ca_key (now 0644)",
            "move ssh_host_ed25519_key and ssh_host_ed25519_key.pub (Ed25519, left by the original installer) into keys/, keeping the key",
            "move ssh_host_rsa_key and ssh_host_rsa_key.pub (RSA 3072, left by the original installer) into keys/, keeping the key",
            "move ssh_host_ecdsa_key (ECDSA P-256, left by the original installer) into keys/, keeping the key",
            "write keys/ssh_host_ecdsa_key.pub (missing; derived from the private key)",
            "install the User CA public key at openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub",
        ])))
        // FakeKeys without a generate handler: any generation fails the test.
        try await fixture.converge(context: fixture.readOnlyContext())
        for (name, bytes) in legacy {
            #expect(fixture.contents(fixture.key(name)) == bytes, "keys/\(name)")
            #expect(fixture.contents(fixture.root(name)) == nil, "\(name) left at the root")
        }
        #expect(fixture.mode(fixture.key("pomerium_user_ca_key")) == 0o600)
        #expect(fixture.mode(fixture.key("ssh_host_ecdsa_key.pub")) == 0o644)
        let ca = try #require(fixture.text(fixture.key("pomerium_user_ca_key.pub")))
        #expect(ca.hasPrefix("ssh-rsa "))
        #expect(fixture.text(fixture.installedCA) == ca)
        let keys = try InstallKeys.load(from: fixture.directory, using: OpenSSLKeyGenerator())
        #expect(keys.userCA.algorithm == .rsa)
    }

    @Test func removesARootCopyOfTheSameKey() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let installed = fixture.snapshot()
        try FileManager.default.copyItem(
            atPath: fixture.key("ssh_host_ed25519_key"), toPath: fixture.root("ssh_host_ed25519_key"))
        try FileManager.default.copyItem(
            atPath: fixture.key("ssh_host_ed25519_key.pub"), toPath: fixture.root("ssh_host_ed25519_key.pub"))
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .changes(Plan([
            "remove ssh_host_ed25519_key and ssh_host_ed25519_key.pub: keys/ssh_host_ed25519_key already holds the same key",
        ])))
        try await fixture.converge(context: fixture.readOnlyContext())
        #expect(fixture.snapshot() == installed)
    }

    @Test func blocksWhenKeysAndTheRootHoldDifferentKeysOfOneName() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        try fixture.write(
            fixture.generator.generate(.rsa, bits: 3072, comment: "legacy"), at: fixture.root("ssh_host_rsa_key"))
        let before = fixture.snapshot()
        let result = try await step.check(fixture.readOnlyContext())
        guard case .blocked(let error) = result else {
            Issue.record("expected blocked, got \(result)")
            return
        }
        #expect(error.message.contains(fixture.key("ssh_host_rsa_key")))
        #expect(error.message.contains(fixture.root("ssh_host_rsa_key")))
        #expect(error.message.contains("different keys"))
        #expect(!error.nextAction.isEmpty)
        await #expect(throws: error) { try await step.apply(fixture.readOnlyContext()) }
        #expect(fixture.snapshot() == before)
    }
}
