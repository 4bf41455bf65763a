import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// pomclaw's key files against the real `ssh-keygen`, both ways.
@Suite struct SSHKeygenInteropTests {
    let generator = OpenSSLKeyGenerator()

    /// The `<type> <base64>` part of a public key line.
    func keyPart(_ line: String) throws -> String {
        try #require(SSHPublicKeyLine.keyPart(line), "not a public key line: \(line)")
    }

    @Test(arguments: [
        (SSHKeyAlgorithm.ed25519, 256, "ED25519"), (.rsa, 3072, "RSA"), (.ecdsaP256, 256, "ECDSA"),
    ])
    func sshKeygenReadsGeneratedKeys(algorithm: SSHKeyAlgorithm, bits: Int, type: String) throws {
        let directory = try TemporaryDirectory("pomclaw-interop")
        defer { directory.remove() }
        let pair = try generator.generate(algorithm, bits: bits, comment: "pomclaw interop")
        let path = directory.file("key")
        // Only the private file: ssh-keygen must parse pomclaw's openssh-key-v1 encoding.
        try AtomicFile.write(Data(pair.privateKeyFile.value.utf8), to: path, mode: 0o600)
        #expect(try keyPart(OpenSSH.derivedPublicKey(path)) == keyPart(pair.publicKeyLine))
        let listing = try Command.run(OpenSSH.keygen, ["-l", "-f", path])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.hasPrefix("\(bits) SHA256:"))
        #expect(listing.stdout.hasSuffix(" pomclaw interop (\(type))\n"))
        // Rewriting the comment makes ssh-keygen decode and re-encode the whole private file.
        let rewrite = try Command.run(OpenSSH.keygen, ["-c", "-C", "changed", "-f", path])
        #expect(rewrite.status == 0, "\(rewrite.stderr)")
        let rewritten = try generator.read(privateKeyFile: Secret(String(contentsOfFile: path, encoding: .utf8)))
        #expect(try keyPart(rewritten.publicKeyLine) == keyPart(pair.publicKeyLine))
        #expect(rewritten.publicKeyLine.hasSuffix(" changed\n"))
    }

    @Test(arguments: [
        (["-t", "ed25519"], SSHKeyAlgorithm.ed25519, 256),
        (["-t", "rsa", "-b", "3072"], .rsa, 3072),
        (["-t", "rsa", "-b", "2048"], .rsa, 2048),
        (["-t", "ecdsa", "-b", "256"], .ecdsaP256, 256),
        ([], .rsa, 3072),  // the original installer's CA: no -t (RSA 3072 before OpenSSH 9.5)
    ])
    func readsKeysMadeBySSHKeygen(options: [String], algorithm: SSHKeyAlgorithm, bits: Int) throws {
        let directory = try TemporaryDirectory("pomclaw-interop")
        defer { directory.remove() }
        let path = directory.file("key")
        let versionDefault = options.isEmpty
        try OpenSSH.generate(path, options + ["-C", "Pomerium User CA"])
        let pair = try generator.read(privateKeyFile: Secret(String(contentsOfFile: path, encoding: .utf8)))
        if versionDefault, pair.algorithm == .ed25519 { return }  // OpenSSH ≥ 9.5 defaults to Ed25519
        #expect(pair.algorithm == algorithm)
        #expect(pair.bits == bits)
        #expect(try keyPart(pair.publicKeyLine) == keyPart(OpenSSH.derivedPublicKey(path)))
        #expect(pair.publicKeyLine == (try String(contentsOfFile: path + ".pub", encoding: .utf8)))
    }

    @Test func refusesAPassphraseProtectedKeyFromSSHKeygen() throws {
        let directory = try TemporaryDirectory("pomclaw-interop")
        defer { directory.remove() }
        let path = directory.file("key")
        let made = try Command.run(
            OpenSSH.keygen, ["-q", "-t", "ed25519", "-N", "test passphrase", "-f", path])
        #expect(made.status == 0)
        #expect(throws: SSHKeyFileError.encrypted(cipher: "aes256-ctr")) {
            try generator.read(privateKeyFile: Secret(String(contentsOfFile: path, encoding: .utf8)))
        }
    }

    @Test func refusesAPEMKeyAndSaysHowToConvertIt() throws {
        let directory = try TemporaryDirectory("pomclaw-interop")
        defer { directory.remove() }
        let path = directory.file("key")
        try OpenSSH.generate(path, ["-t", "ecdsa", "-m", "PEM"])
        do {
            _ = try generator.read(privateKeyFile: Secret(String(contentsOfFile: path, encoding: .utf8)))
            Issue.record("a PEM key was accepted")
        } catch let error as SSHKeyFileError {
            #expect(error == .notOpenSSHKey(found: "a PEM private key"))
            #expect(error.pomclawError(path: path).nextAction.contains("ssh-keygen -p -f \(path)"))
        }
    }

    @Test func keysStepAdoptsAnOriginalInstallMadeBySSHKeygen() async throws {
        let directory = try TemporaryDirectory("pomclaw-interop")
        defer { directory.remove() }
        // Exactly what the original installer ran (§4.4).
        try OpenSSH.generate(directory.file("pomerium_user_ca_key"), ["-C", "Pomerium User CA"])
        try OpenSSH.generate(directory.file("ssh_host_ed25519_key"), ["-t", "ed25519"])
        try OpenSSH.generate(directory.file("ssh_host_rsa_key"), ["-t", "rsa", "-b", "3072"])
        try OpenSSH.generate(directory.file("ssh_host_ecdsa_key"), ["-t", "ecdsa", "-b", "256"])
        let names = InstallKeySpec.all.flatMap { [$0.name, $0.name + ".pub"] }
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: directory.file($0))) }
        let context = Context.fake(
            directory: directory.path,
            keys: FakeKeys(read: { try OpenSSLKeyGenerator().read(privateKeyFile: $0) }))
        let step = KeysStep()
        try await step.apply(context)
        let result = try await step.check(context)
        guard case .done = result else {
            Issue.record("not converged: \(result)")
            return
        }
        let after = try names.map {
            try Data(contentsOf: URL(fileURLWithPath: context.directory.keysDirectory + "/" + $0))
        }
        #expect(after == before)
    }
}
