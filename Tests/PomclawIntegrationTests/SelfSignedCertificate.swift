import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=pomclaw test",
            "-addext", "subjectAltName=\(subjectAltName)",
            "-keyout", keyPath, "-out", certificatePath,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            remove()
            throw FixtureError("openssl req failed with status \(process.terminationStatus)")
        }
    }

    /// Deletes the certificate and key.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
