import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The SSH path Pomerium uses, end to end with real OpenSSH: a server presenting the generated
/// host keys and trusting the generated User CA, a client holding a certificate that CA signed.
@Suite(.serialized) struct SSHDCertificateTests {
    /// An install directory after the keys step, and a scratch folder for the client.
    struct Setup {
        let directory: TemporaryDirectory
        let install: InstallDirectory
        var hostKeys: [String] { InstallKeySpec.hostKeys.map { install.keysDirectory + "/" + $0.name } }
        var userCA: String { install.keysDirectory + "/" + InstallKeySpec.userCA.name }
        var installedCA: String { install.sshPublicDirectory + "/" + InstallKeySpec.userCA.name + ".pub" }

        init() async throws {
            directory = try TemporaryDirectory("pomclaw-sshd")
            install = InstallDirectory(directory.file("install"))
            let context = Context.fake(directory: install.path, keys: OpenSSLKeyGenerator())
            try await KeysStep().apply(context)
        }

        /// A client key made by ssh-keygen and certified for the current user by `caKey`.
        func certifiedClient(_ name: String, by caKey: String) throws -> String {
            let key = directory.file(name)
            try OpenSSH.generate(key, ["-t", "ed25519", "-C", name])
            let signed = try Command.run(
                OpenSSH.keygen,
                ["-s", caKey, "-I", "test", "-n", SSHDaemon.currentUser, "-V", "+5m", key + ".pub"])
            guard signed.status == 0 else { throw TestFailure("ssh-keygen -s failed: \(signed.stderr)") }
            return key
        }

        func ssh(port: UInt16, key: String) throws -> Command.Result {
            try Command.run(OpenSSH.client, [
                "-F", "/dev/null", "-p", String(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-i", key, "-o", "CertificateFile=\(key)-cert.pub",
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                "\(SSHDaemon.currentUser)@127.0.0.1", "echo", "pomclaw-ok",
            ])
        }
    }

    @Test func aCertificateFromTheGeneratedCALogsIn() async throws {
        let setup = try await Setup()
        defer { setup.directory.remove() }
        let daemon = try SSHDaemon.start(
            in: setup.directory.path, hostKeys: setup.hostKeys, trustedCA: setup.installedCA)
        defer { daemon.stop() }
        let client = try setup.certifiedClient("client", by: setup.userCA)
        let result = try setup.ssh(port: daemon.port, key: client)
        #expect(result.status == 0, "ssh: \(result.stderr)\nsshd: \(daemon.log)")
        #expect(result.stdout == "pomclaw-ok\n")
    }

    @Test func aCertificateFromAnotherCAIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.directory.remove() }
        let otherCA = setup.directory.file("other_ca")
        try OpenSSH.generate(otherCA, ["-t", "ed25519", "-C", "another CA"])
        let daemon = try SSHDaemon.start(
            in: setup.directory.path, hostKeys: setup.hostKeys, trustedCA: setup.installedCA)
        defer { daemon.stop() }
        let client = try setup.certifiedClient("intruder", by: otherCA)
        let result = try setup.ssh(port: daemon.port, key: client)
        #expect(result.status != 0)
        #expect(!result.stdout.contains("pomclaw-ok"))
        #expect(result.stderr.contains("Permission denied"), "ssh: \(result.stderr)")
    }

    @Test func theServerPresentsExactlyTheGeneratedHostKeys() async throws {
        let setup = try await Setup()
        defer { setup.directory.remove() }
        let daemon = try SSHDaemon.start(
            in: setup.directory.path, hostKeys: setup.hostKeys, trustedCA: setup.installedCA)
        defer { daemon.stop() }
        let scan = try Command.run(
            OpenSSH.keyscan, ["-p", String(daemon.port), "-t", "ed25519,rsa,ecdsa", "127.0.0.1"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let presented = scan.stdout.split(separator: "\n").map {
            $0.split(separator: " ").dropFirst().prefix(2).joined(separator: " ")
        }
        let generated = try setup.hostKeys.map {
            try #require(SSHPublicKeyLine.keyPart(String(contentsOfFile: $0 + ".pub", encoding: .utf8)))
        }
        #expect(presented.sorted() == generated.sorted())
        #expect(presented.count == 3)
    }
}
