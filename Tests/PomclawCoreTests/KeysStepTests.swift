import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct KeysStepTests {
    let step = KeysStep()

    @Test func hasItsIdentity() {
        #expect(step.id == "keys")
        #expect(step.title == "SSH keys")
    }

    @Test func anEmptyDirectoryPlansFourKeysAndTheCAInstallWithoutTouchingAnything() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        let result = try await step.check(fixture.context())
        #expect(result == .changes(Plan([
            "create keys/ (mode 0700)",
            "generate Ed25519 key keys/pomerium_user_ca_key and keys/pomerium_user_ca_key.pub",
            "generate Ed25519 key keys/ssh_host_ed25519_key and keys/ssh_host_ed25519_key.pub",
            "generate RSA 3072 key keys/ssh_host_rsa_key and keys/ssh_host_rsa_key.pub",
            "generate ECDSA P-256 key keys/ssh_host_ecdsa_key and keys/ssh_host_ecdsa_key.pub",
            "install the User CA public key at openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub",
        ], finding: .missing)))
        #expect(fixture.snapshot().isEmpty)
        #expect(fixture.generator.generated.isEmpty)
    }

    @Test func applyCreatesEveryFileWithItsModeAndThenCheckIsDone() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        #expect(fixture.generator.generated == [.ed25519, .ed25519, .rsa, .ecdsaP256])
        #expect(fixture.mode(fixture.directory.keysDirectory) == 0o700)
        #expect(fixture.mode(fixture.directory.file("openclaw-data")) == 0o755)
        #expect(fixture.mode(fixture.directory.sshPublicDirectory) == 0o755)
        for spec in InstallKeySpec.all {
            #expect(fixture.mode(fixture.key(spec.name)) == 0o600)
            #expect(fixture.mode(fixture.key(spec.name + ".pub")) == 0o644)
        }
        #expect(fixture.keysListing == InstallKeySpec.all.flatMap { [$0.name, $0.name + ".pub"] }.sorted())
        let ca = try #require(fixture.text(fixture.key("pomerium_user_ca_key.pub")))
        #expect(ca.hasPrefix("ssh-ed25519 "))
        #expect(ca.hasSuffix(" Pomerium User CA\n"))
        #expect(fixture.text(fixture.installedCA) == ca)
        #expect(fixture.mode(fixture.installedCA) == 0o644)
        let result = try await step.check(fixture.context())
        #expect(result == .done("User CA (Ed25519) and host keys (Ed25519, RSA 3072, ECDSA P-256) in keys/"))
        #expect(!fixture.console.transcript.contains("PRIVATE KEY"))
    }

    @Test func loadsTheFourKeysForOtherSteps() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        #expect(throws: PomclawError.self) {
            try InstallKeys.load(from: fixture.directory, using: fixture.generator)
        }
        try await fixture.converge()
        let keys = try InstallKeys.load(from: fixture.directory, using: OpenSSLKeyGenerator())
        #expect(keys.userCA.algorithm == .ed25519)
        #expect(keys.userCA.publicKeyLine == fixture.text(fixture.key("pomerium_user_ca_key.pub")))
        #expect(keys.hostKeys.map(\.algorithm) == [.ed25519, .rsa, .ecdsaP256])
        #expect(keys.hostKeys.map(\.bits) == [256, 3072, 256])
        #expect(keys.hostKeys[1].privateKeyFile.value == fixture.text(fixture.key("ssh_host_rsa_key")))
    }

    @Test func derivesAMissingPublicKeyFile() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let expected = fixture.text(fixture.key("ssh_host_rsa_key.pub"))
        let privateBytes = fixture.contents(fixture.key("ssh_host_rsa_key"))
        try FileManager.default.removeItem(atPath: fixture.key("ssh_host_rsa_key.pub"))
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .changes(Plan(["write keys/ssh_host_rsa_key.pub (missing; derived from the private key)"])))
        try await fixture.converge(context: fixture.readOnlyContext())
        #expect(fixture.text(fixture.key("ssh_host_rsa_key.pub")) == expected)
        #expect(fixture.contents(fixture.key("ssh_host_rsa_key")) == privateBytes)
    }

    @Test func rewritesAPublicKeyFileThatDoesNotMatchButKeepsAChangedComment() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let expected = fixture.text(fixture.key("ssh_host_ecdsa_key.pub"))
        let other = try fixture.generator.generate(.ecdsaP256, bits: 256, comment: "someone else")
        try fixture.write(other.publicKeyLine, to: fixture.key("ssh_host_ecdsa_key.pub"), mode: 0o644)
        try fixture.write("ssh-ed25519 AAAA broken\n", to: fixture.installedCA, mode: 0o644)
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .changes(Plan([
            "rewrite keys/ssh_host_ecdsa_key.pub: it does not match the private key",
            "rewrite openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub: it does not match the User CA key",
        ])))
        try await fixture.converge(context: fixture.readOnlyContext())
        #expect(fixture.text(fixture.key("ssh_host_ecdsa_key.pub")) == expected)
        #expect(fixture.text(fixture.installedCA) == fixture.text(fixture.key("pomerium_user_ca_key.pub")))

        let keyPart = try #require(expected?.split(separator: " ").prefix(2).joined(separator: " "))
        try fixture.write(keyPart + " my own comment\n", to: fixture.key("ssh_host_ecdsa_key.pub"), mode: 0o644)
        guard case .done = try await step.check(fixture.readOnlyContext()) else {
            Issue.record("a .pub with its own comment was not accepted")
            return
        }
    }

    @Test func fixesWrongModes() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        fixture.setMode(fixture.directory.keysDirectory, 0o755)
        fixture.setMode(fixture.key("pomerium_user_ca_key"), 0o644)
        fixture.setMode(fixture.key("ssh_host_ed25519_key"), 0o640)
        fixture.setMode(fixture.key("ssh_host_rsa_key.pub"), 0o600)
        fixture.setMode(fixture.installedCA, 0o600)
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .changes(Plan([
            "set mode 0700 on keys/ (now 0755)",
            "set mode 0600 on keys/pomerium_user_ca_key (now 0644)",
            "set mode 0600 on keys/ssh_host_ed25519_key (now 0640)",
            "set mode 0644 on keys/ssh_host_rsa_key.pub (now 0600)",
            "set mode 0644 on openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub (now 0600)",
        ])))
        let before = fixture.snapshot()
        try await fixture.converge(context: fixture.readOnlyContext())
        #expect(fixture.mode(fixture.directory.keysDirectory) == 0o700)
        #expect(fixture.mode(fixture.key("pomerium_user_ca_key")) == 0o600)
        #expect(fixture.mode(fixture.key("ssh_host_ed25519_key")) == 0o600)
        #expect(fixture.mode(fixture.key("ssh_host_rsa_key.pub")) == 0o644)
        #expect(fixture.mode(fixture.installedCA) == 0o644)
        #expect(fixture.snapshot() == before)
    }

    @Test func generatesOnlyWhatIsMissing() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let kept = fixture.contents(fixture.key("pomerium_user_ca_key"))
        try FileManager.default.removeItem(atPath: fixture.key("ssh_host_ecdsa_key"))
        try FileManager.default.removeItem(atPath: fixture.key("ssh_host_ecdsa_key.pub"))
        let generator = CachingKeyGenerator()
        let result = try await step.check(fixture.context(keys: generator))
        #expect(result == .changes(Plan([
            "generate ECDSA P-256 key keys/ssh_host_ecdsa_key and keys/ssh_host_ecdsa_key.pub",
        ], finding: .missing)))
        try await fixture.converge(context: fixture.context(keys: generator))
        #expect(generator.generated == [.ecdsaP256])
        #expect(fixture.contents(fixture.key("pomerium_user_ca_key")) == kept)
    }
}
