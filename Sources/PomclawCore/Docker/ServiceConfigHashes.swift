/// The configuration hash Compose computes now for each service, from `compose.yaml` and
/// `.env`: compared with a container's `com.docker.compose.config-hash` label, it says whether
/// the container was created from the current configuration.
public struct ServiceConfigHashes: Sendable, Equatable {
    public var byService: [String: String]

    public init(byService: [String: String]) {
        self.byService = byService
    }

    public subscript(service: String) -> String? { byService[service] }

    /// The label Compose puts on every container it creates.
    public static let label = "com.docker.compose.config-hash"

    /// Reads the hashes of `services` with one `compose config --hash=…` call.
    public static func read(_ services: [String], _ docker: any DockerRunning) async throws -> ServiceConfigHashes {
        parse(try await docker.output(.configHashes(services)))
    }

    /// Parses `SERVICE HASH` lines; other lines (warnings some Compose versions print) are
    /// ignored.
    public static func parse(_ output: String) -> ServiceConfigHashes {
        var found: [String: String] = [:]
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, fields[1].count >= 32, fields[1].allSatisfy(\.isHexDigit) else { continue }
            found[String(fields[0])] = String(fields[1])
        }
        return ServiceConfigHashes(byService: found)
    }
}
