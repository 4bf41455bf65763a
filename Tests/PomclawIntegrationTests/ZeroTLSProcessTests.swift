import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// The binary against an https Zero endpoint on 127.0.0.1 whose certificate it must not trust:
/// it stops before writing anything, naming the certificate problem and what to do, and
/// nothing — no option, no variable — turns verification off.
@Suite struct ZeroTLSProcessTests {
    struct Endpoint: Sendable, CustomTestStringConvertible {
        var name: String
        /// The certificate's names, in openssl's syntax.
        var subjectAltName: String
        var testDescription: String { name }
    }

    static let endpoints = [
        Endpoint(name: "self-signed for 127.0.0.1", subjectAltName: "DNS:localhost,IP:127.0.0.1"),
        Endpoint(name: "self-signed for another name", subjectAltName: "DNS:other.pomclaw.test"),
    ]

    /// Variables OpenSSL, libcurl's tool and other TLS stacks read for CA certificates: pomclaw
    /// ignores them (it trusts the system's CA store only), so an attacker's file in one of
    /// them changes nothing.
    static let caVariables = ["SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"]

    @Test(arguments: endpoints, [false, true])
    func installAndStatusRefuseTheCertificateAndWriteNothing(_ endpoint: Endpoint, caVariablesSet: Bool) async throws {
        let certificate = try await SelfSignedCertificate.make(subjectAltName: endpoint.subjectAltName)
        defer { certificate.remove() }
        let server = try await LoopbackHTTPServer.start(certificate: certificate)
        defer { server.stop() }
        try await CLIFixture.with { fixture in
            var environment = fixture.environment
            environment["POMCLAW_ZERO_API"] = server.url("/api/v0", scheme: "https").absoluteString
            if caVariablesSet {
                for variable in Self.caVariables { environment[variable] = certificate.certificatePath }
                environment["SSL_CERT_DIR"] = certificate.directory.path
            }
            let directory = fixture.install.path
            let childEnvironment = environment
            let install = try await onOwnThread {
                try PomclawProcess.run(fixture.arguments(), environment: childEnvironment, directory: directory, throttled: true)
            }
            #expect(install.status == 1, "stderr: \(install.stderr)")
            Self.expectCertificateError(install.stderr)
            let written = try fixture.installContents()
            #expect(written.isEmpty, "nothing may be written: \(written)")

            // The settings in `.env` (status works on an install), so that status reaches its
            // Pomerium Zero checks.
            let settings = "POMERIUM_ZERO_TOKEN=\(fixture.zeroToken)\nPOMERIUM_CLUSTER_DOMAIN=\(fixture.clusters[0].fqdn)\n"
                + "OPERATOR_EMAIL=\(fixture.email)\n"
            try AtomicFile.write(Data(settings.utf8), to: fixture.install.file(".env"), mode: 0o600)
            let status = try await onOwnThread {
                try PomclawProcess.run(
                    ["status", "--api-token-file", fixture.apiTokenFile], environment: childEnvironment, directory: directory)
            }
            #expect(status.status == 1)
            Self.expectCertificateError(status.stdout + status.stderr)
            #expect(try fixture.installContents() == [".env"])

            #expect(server.requests.isEmpty, "a request got through: \(server.requests.map(\.target))")
            try fixture.expectNoSecrets(in: [install, status])
        }
    }

    /// The problem is named (libcurl's reason mentions the certificate) and the next action is
    /// the one for TLS failures.
    static func expectCertificateError(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("TLS failed") && $0.localizedCaseInsensitiveContains("certificate") },
                "no line names the certificate problem:\n\(output)", sourceLocation: sourceLocation)
        #expect(lines.contains { $0.contains("CA certificates") }, "no next action for TLS:\n\(output)", sourceLocation: sourceLocation)
    }

    /// Every command's help, looked through for an option that would weaken TLS.
    @Test func noOptionTurnsVerificationOff() throws {
        let commands = [[], ["install"], ["status"], ["reset"], ["uninstall"], ["access"], ["access", "list"],
                        ["access", "add"], ["access", "remove"], ["doctor"], ["upgrade"]]
        let forbidden = ["insecure", "no-verify", "noverify", "skip-verify", "skip-tls", "tls-skip", "verify-tls",
                         "no-tls", "cacert", "ca-cert", "ca-bundle", "cainfo", "capath", "unsafe"]
        for command in commands {
            let help = try PomclawProcess.run(command + ["--help"])
            #expect(help.status == 0, "\(command) --help: \(help.stderr)")
            #expect(help.stdout.contains("--"), "\(command) --help printed no options")
            let text = help.stdout.lowercased()
            for word in forbidden {
                #expect(!text.contains(word), "pomclaw \(command.joined(separator: " ")) --help offers '\(word)'")
            }
        }
    }

    /// libcurl's verification is set on and never off, and the CLI never replaces the trusted
    /// CAs; no source reads a variable that could.
    @Test func theSourcesNeverWeakenVerification() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var texts: [(String, String)] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard ["swift", "h", "c"].contains(url.pathExtension) else { continue }
            texts.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        #expect(texts.count > 50, "found only \(texts.count) source files under \(root.path)")
        let all = texts.map { $0.1 }.joined(separator: "\n")
        for option in ["CURLOPT_SSL_VERIFYPEER", "CURLOPT_SSL_VERIFYHOST", "CURLOPT_PROXY_SSL_VERIFYPEER", "CURLOPT_PROXY_SSL_VERIFYHOST"] {
            let settings = all.components(separatedBy: option).dropFirst().map { $0.prefix(8) }
            #expect(!settings.isEmpty, "\(option) is never set")
            for setting in settings {
                let value = setting.drop { $0 == "," || $0 == " " || $0 == ")" }.prefix(1)
                #expect(value == "1" || value == "2", "\(option) set to '\(setting)'")
            }
        }
        for (path, text) in texts {
            for weakening in ["CURLOPT_SSL_VERIFYSTATUS, 0", "CURLSSLOPT_NO_REVOKE", "CURLSSLOPT_ALLOW_BEAST", "CURLOPT_PINNEDPUBLICKEY",
                              "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "CURLOPT_CAPATH", "CURLOPT_CAINFO_BLOB"] {
                #expect(!text.contains(weakening), "\(path) mentions \(weakening)")
            }
            if path.contains("/PomclawCLI/") {
                #expect(!text.contains("caBundlePath"), "\(path) replaces the trusted CAs")
            }
        }
    }
}
