import Foundation
import PomclawTestSupport

/// A throwaway self-signed certificate (by default for `localhost` and 127.0.0.1), made with the
/// `openssl` CLI in a fresh temporary directory. Call `remove()` when done.
struct SelfSignedCertificate: Sendable {
    let directory: URL
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    /// Makes a certificate off the concurrency pool; see `init`.
    static func make(subjectAltName: String = "DNS:localhost,IP:127.0.0.1") async throws -> SelfSignedCertificate {
        try await onOwnThread { try SelfSignedCertificate(subjectAltName: subjectAltName) }
    }

    /// `subjectAltName` lists the names the certificate is valid for, in openssl's syntax.
    private init(subjectAltName: String = "DNS:localhost,IP:127.0.0.1") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pomclaw-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = try ChildProcess.run(
            [
                "/usr/bin/env", "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "1", "-subj", "/CN=pomclaw test",
                "-addext", "subjectAltName=\(subjectAltName)",
                "-keyout", keyPath, "-out", certificatePath,
            ], environment: ProcessInfo.processInfo.environment)
        guard made.status == 0 else {
            remove()
            throw FixtureError("openssl req failed with status \(made.status): \(made.stderr)")
        }
    }

    /// Deletes the certificate and key.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
