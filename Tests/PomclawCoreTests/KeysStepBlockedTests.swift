import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Testing

/// Key files that cannot be used block the step and are never replaced; interrupted writes
/// leave the previous files.
@Suite struct KeysStepBlockedTests {
    let step = KeysStep()

    enum Damage: String, CaseIterable, Sendable {
        case garbage, truncated, encrypted, wrongType, directory, legacyGarbage
    }

    struct Injected: Error {}

    /// Damages one key of a complete install; returns the damaged path.
    func damage(_ damage: Damage, _ fixture: KeysFixture) throws -> String {
        let path = fixture.key("ssh_host_ecdsa_key")
        switch damage {
        case .garbage:
            try fixture.write("not a key at all\n", to: path)
        case .truncated:
            let text = try #require(fixture.text(path))
            try fixture.write(String(text.prefix(text.count / 2)), to: path)
        case .encrypted:
            var raw = RawKeyFile(try TestKeyMaterial.of(.ecdsaP256))
            raw.cipher = "aes256-ctr"
            raw.kdf = "bcrypt"
            try fixture.write(raw.armoured, to: path)
        case .wrongType:
            try fixture.write(fixture.generator.generate(.ed25519, bits: 256, comment: "x"), at: path)
        case .directory:
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .legacyGarbage:
            try fixture.write("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n", to: fixture.root("pomerium_user_ca_key"))
            return fixture.root("pomerium_user_ca_key")
        }
        return path
    }

    @Test(arguments: Damage.allCases)
    func anUnusableKeyFileBlocksAndIsLeftAlone(kind: Damage) async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let path = try damage(kind, fixture)
        let before = fixture.snapshot()
        let result = try await step.check(fixture.readOnlyContext())
        guard case .blocked(let error) = result else {
            Issue.record("\(kind): expected blocked, got \(result)")
            return
        }
        #expect(error.message.contains(path))
        #expect(!error.nextAction.isEmpty)
        #expect(!error.description.contains("PRIVATE KEY"))
        switch kind {
        case .encrypted: #expect(error.nextAction.contains("ssh-keygen -p -f \(path)"))
        case .wrongType: #expect(error.message.contains("holds an Ed25519 key, but ssh_host_ecdsa_key must be an ECDSA P-256 key"))
        case .truncated: #expect(error.message.contains("truncated"))
        default: break
        }
        await #expect(throws: error) { try await step.apply(fixture.readOnlyContext()) }
        #expect(fixture.snapshot() == before)
    }

    @Test func anInterruptedPublicKeyWriteLeavesThePreviousFiles() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try await fixture.converge()
        let stale = try fixture.generator.generate(.ed25519, bits: 256, comment: "stale")
        try fixture.write(stale.publicKeyLine, to: fixture.key("ssh_host_ed25519_key.pub"), mode: 0o644)
        let before = fixture.snapshot()
        let crashing = KeysStep(beforeRename: { _ in throw Injected() })
        await #expect(throws: Injected.self) { try await crashing.apply(fixture.readOnlyContext()) }
        #expect(fixture.snapshot() == before)
        #expect(!fixture.keysListing.contains { $0.contains(".pomclaw-") })
        try await fixture.converge(context: fixture.readOnlyContext())
        #expect(fixture.text(fixture.key("ssh_host_ed25519_key.pub")) != stale.publicKeyLine)
    }

    @Test func anInterruptedFirstRunLeavesNoHalfWrittenKey() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        let crashing = KeysStep(beforeRename: { temporary in
            #expect(FileManager.default.contents(atPath: temporary)?.isEmpty == false)
            throw Injected()
        })
        await #expect(throws: Injected.self) { try await crashing.apply(fixture.context()) }
        #expect(fixture.keysListing.isEmpty)
        try await fixture.converge()
    }

    @Test func keysPathThatIsAFileBlocks() async throws {
        let fixture = try KeysFixture()
        defer { fixture.remove() }
        try fixture.write("x", to: fixture.directory.keysDirectory)
        let result = try await step.check(fixture.readOnlyContext())
        #expect(result == .blocked(PomclawError(
            "\(fixture.directory.keysDirectory) exists but is not a directory.",
            next: "Move it out of the way and run pomclaw again.")))
    }
}
