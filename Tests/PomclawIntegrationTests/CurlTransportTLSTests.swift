import Foundation
import PomclawCore
import Testing

/// CurlTransport always verifies TLS: a self-signed loopback HTTPS server is rejected unless its
/// certificate is given as the CA bundle.
@Suite struct CurlTransportTLSTests {
    @Test(arguments: ["127.0.0.1", "localhost"])
    func selfSignedServerIsRejectedByDefault(host: String) async throws {
        let certificate = try await SelfSignedCertificate.make()
        defer { certificate.remove() }
        let server = try await LoopbackHTTPServer.start(certificate: certificate)
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", environment: [:])

        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/", scheme: "https", host: host)))
        }

        #expect(error?.kind == .tlsFailed)
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func selfSignedServerIsAcceptedWithItsCertificateAsCABundle(host: String) async throws {
        let certificate = try await SelfSignedCertificate.make()
        defer { certificate.remove() }
        let server = try await LoopbackHTTPServer.start(
            routes: ["/secure": .init(body: Data("over tls".utf8))], certificate: certificate)
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", caBundlePath: certificate.certificatePath, environment: [:])

        let response = try await transport.send(
            HTTPRequest(method: "POST", url: server.url("/secure", scheme: "https", host: host), body: Data("x".utf8)))

        #expect(response.status == 200)
        #expect(response.body == Data("over tls".utf8))
        #expect(try #require(await server.waitForRequests(1).first).body == Data("x".utf8))
    }

    @Test func trustedCertificateForAnotherNameIsRejected() async throws {
        let certificate = try await SelfSignedCertificate.make(subjectAltName: "DNS:other.pomclaw.test")
        defer { certificate.remove() }
        let server = try await LoopbackHTTPServer.start(certificate: certificate)
        defer { server.stop() }
        let transport = CurlTransport(version: "1.0.0", caBundlePath: certificate.certificatePath, environment: [:])

        // The CA is trusted, but the certificate does not name 127.0.0.1: host verification is on.
        let error = await HTTPTransportError.thrown {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/", scheme: "https")))
        }

        #expect(error?.kind == .tlsFailed)
        #expect(server.requests.isEmpty)
    }
}
