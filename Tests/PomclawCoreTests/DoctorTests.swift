import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Testing

/// A host whose ports, names, interfaces and disks are whatever the test says.
final class FakeHost: HostProbing, @unchecked Sendable {
    var ports: [Int: PortProbe] = [:]
    var names: [String: NameResolution] = [:]
    var local: Set<String> = ["127.0.0.1", "203.0.113.7"]
    var bytes: UInt64? = 40 << 30

    func bindTCP(port: Int, address: String) -> PortProbe { ports[port] ?? .free }
    func resolve(_ host: String) async -> NameResolution { names[host] ?? .addresses(["203.0.113.7"]) }
    func localAddresses() -> Set<String> { local }
    func availableBytes(atPath path: String) -> UInt64? { bytes }
}

/// `Doctor` with fakes: each finding, its severity and its next action. No network, no
/// sleeping; the stack checks are skipped (no compose file) except where a test says.
@Suite struct DoctorTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let domain = "trusted-dog-1049.pomerium.app"

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func docker(engine: String = "28.2.2", compose: String = "2.29.7") -> FakeDocker {
        FakeDocker { command in
            switch command.arguments {
            case ["version", "--format", "{{.Server.Version}}"]: DockerResult(stdout: engine + "\n")
            case ["version", "--short"]: DockerResult(stdout: compose + "\n")
            case ["info", "--format", "{{.DockerRootDir}}"]: DockerResult(stdout: "/var/lib/docker\n")
            default: nil
            }
        }
    }

    static func transport(_ reply: ScriptedTransport.Reply? = nil, skew: Double = 0) -> ScriptedTransport {
        let transport = ScriptedTransport()
        transport.on("POST", "/token", reply ?? .json(200, #"{"idToken":"id-token-1","expiresInSeconds":"3600"}"#,
            headers: ["date": httpDate(now.addingTimeInterval(-skew))]))
        return transport
    }

    func run(
        host: FakeHost = FakeHost(), docker: FakeDocker = DoctorTests.docker(), transport: ScriptedTransport = DoctorTests.transport(),
        inputs: Doctor.Inputs = Doctor.Inputs(clusterDomain: DoctorTests.domain, apiToken: Settings.example.apiToken)
    ) async throws -> DoctorReport {
        let directory = try TemporaryDirectory("pomclaw-doctor")
        defer { directory.remove() }
        let context = Context.fake(directory: directory.path, docker: docker, time: FakeTimekeeper(now: Self.now))
        let probe = ZeroProbe(baseURL: URL(string: "https://console.example.test/api/v0")!, transport: transport)
        return await Doctor(host: host, zero: probe).run(context, inputs)
    }

    @Test func healthyHostHasNoErrorsAndExitsZero() async throws {
        let report = try await run()
        let ok = ["docker-engine", "docker-compose", "disk", "port-https", "port-ssh", "dns-web", "dns-cluster", "zero-api", "clock"]
        for id in ok { #expect(report[id]?.severity == .ok, "\(id): \(String(describing: report[id]))") }
        for id in ["stack", "stack-rest", "trusted-proxy"] { #expect(report[id]?.severity == .skipped) }
        #expect(report.exitCode == 0)
        #expect(report["zero-api"]?.detail.contains("the API token is valid") == true)
        #expect(DoctorPrinter.lines(report).last == "No problems found.")
    }

    @Test func portTakenByAnotherProcessIsAnErrorNamingTheSetting() async throws {
        let host = FakeHost()
        host.ports[443] = .inUse
        let report = try await run(host: host)
        let finding = try #require(report["port-https"])
        #expect(finding.severity == .error)
        #expect(finding.detail.contains("in use by another process"))
        #expect(finding.next.contains("POMCLAW_HTTPS_PORT") && finding.next.contains("ss -ltnp"))
        #expect(report["port-ssh"]?.severity == .ok)
        #expect(report.exitCode == 1)
    }

    @Test func portsComeFromEnvValues() {
        var inputs = Doctor.Inputs(clusterDomain: nil, apiToken: nil)
        inputs.readPorts(from: ["POMCLAW_HTTPS_PORT": "8443", "POMCLAW_SSH_PORT": "x", "POMCLAW_BIND_ADDRESS": "127.0.0.1"])
        #expect(inputs.httpsPort == 8443 && inputs.sshPort == 2200 && inputs.bindAddress == "127.0.0.1")
    }

    @Test func unprivilegedBindOfALowPortIsAWarning() async throws {
        let host = FakeHost()
        host.ports[443] = .failed("Permission denied")
        let report = try await run(host: host)
        #expect(report["port-https"]?.severity == .warning)
        #expect(report.exitCode == 0)
    }

    @Test func unresolvableNameIsAnErrorAndAForeignAddressAWarning() async throws {
        let host = FakeHost()
        host.names["openclaw." + Self.domain] = .notFound("Name or service not known")
        host.names[Self.domain] = .addresses(["198.51.100.4"])
        let report = try await run(host: host)
        #expect(report["dns-web"]?.severity == .error)
        #expect(report["dns-web"]?.next.contains("POMERIUM_CLUSTER_DOMAIN") == true)
        #expect(report["dns-cluster"]?.severity == .warning)
        #expect(report["dns-cluster"]?.detail.contains("198.51.100.4") == true)
    }

    @Test func rejectedTokenIsAnErrorWithTheTokenPage() async throws {
        let transport = Self.transport(.json(400, #"{"error":"invalid refresh token"}"#, headers: ["date": Self.httpDate(Self.now)]))
        let report = try await run(transport: transport)
        let finding = try #require(report["zero-api"])
        #expect(finding.severity == .error)
        #expect(finding.detail.contains("rejected (HTTP 400)"))
        #expect(finding.next.contains("api-tokens"))
        #expect(report["clock"]?.severity == .ok, "the rejection still carries the server's clock")
        let body = try #require(transport.requests("POST", "/token").first?.body)
        #expect(String(decoding: body, as: UTF8.self).contains(Settings.example.apiToken.value))
        #expect(!DoctorPrinter.json(report).contains(Settings.example.apiToken.value))
    }

    @Test func unreachableAPIIsAnErrorAndTheClockUnknown() async throws {
        let report = try await run(transport: Self.transport(.failure(.connectionFailed("Could not resolve host"))))
        #expect(report["zero-api"]?.severity == .error)
        #expect(report["zero-api"]?.detail.contains("unreachable") == true)
        #expect(report["zero-api"]?.next.contains("proxy") == true)
        #expect(report["clock"]?.severity == .skipped)
    }

    @Test func withoutATokenOnlyReachabilityIsChecked() async throws {
        let transport = ScriptedTransport()
        transport.on("GET", "/organizations", .json(401, "{}", headers: ["date": Self.httpDate(Self.now)]))
        let report = try await run(transport: transport, inputs: Doctor.Inputs(clusterDomain: Self.domain, apiToken: nil))
        #expect(report["zero-api"]?.severity == .ok)
        #expect(report["zero-api"]?.detail.contains("not checked") == true)
        #expect(transport.count("POST", "/token") == 0)
    }

    @Test(arguments: [(45.0, DoctorFinding.Severity.warning), (-600, .error), (10, .ok)])
    func clockSkewAgainstTheDateHeader(skew: Double, severity: DoctorFinding.Severity) async throws {
        let report = try await run(transport: Self.transport(skew: skew))
        #expect(report["clock"]?.severity == severity, "\(String(describing: report["clock"]))")
        if severity != .ok { #expect(report["clock"]?.next.contains("timedatectl") == true) }
    }

    @Test func oldEngineAndOldComposeV1AreErrors() async throws {
        let report = try await run(docker: Self.docker(engine: "19.03.13", compose: "1.25.0"))
        #expect(report["docker-engine"]?.severity == .error)
        #expect(report["docker-compose"]?.severity == .error)
        let v1 = try await run(docker: Self.docker(compose: "1.29.2"))
        #expect(v1["docker-compose"]?.severity == .ok)
    }

    @Test func engineNotRunningIsAnErrorWithItsReason() async throws {
        let docker = FakeDocker { command in
            switch command.arguments.first {
            case "version" where command.tool == .docker:
                DockerResult(status: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.")
            case "version": DockerResult(stdout: "2.29.7")
            case "info": DockerResult(status: 1)
            default: nil
            }
        }
        let report = try await run(docker: docker)
        #expect(report["docker-engine"]?.severity == .error)
        #expect(report["docker-engine"]?.detail.contains("Cannot connect") == true)
        #expect(report["docker-engine"]?.next.contains("systemctl start docker") == true)
    }

    @Test func littleDiskIsAnError() async throws {
        let host = FakeHost()
        host.bytes = 512 << 20
        let report = try await run(host: host)
        #expect(report["disk"]?.severity == .error)
        #expect(report["disk"]?.next.contains("docker system prune") == true)
    }

    @Test func stoppedContainerEntryBecomesAnErrorToConverge() {
        let entry = StatusReport.Entry(
            id: "stack", title: "OpenClaw gateway and Pomerium", state: .drifted,
            changes: ["start openclaw-gateway (it stopped with exit status 137)"])
        let finding = Doctor.finding(entry)
        #expect(finding.severity == .error)
        #expect(finding.detail.contains("stopped with exit status 137"))
        #expect(finding.next.contains("pomclaw install"))
    }

    @Test func versionNumbersAreReadFromToolOutput() {
        #expect(Doctor.versionNumbers("Docker Compose version v2.29.7-desktop.1") == [2, 29, 7])
        #expect(Doctor.versionNumbers("28.2.2") == [28, 2, 2])
        #expect(Doctor.versionNumbers("docker-compose version 1.29.2, build 5becea4c") == [1, 29, 2])
        #expect(Doctor.versionNumbers("unknown") == nil)
    }

    @Test func jsonHasOkAndEveryFinding() async throws {
        let report = try await run()
        let document = try JSONValue.parse(Data(DoctorPrinter.json(report).utf8)).objectValue
        #expect(document?["ok"] == .bool(true))
        #expect(document?["findings"]?.arrayValue?.count == report.findings.count)
    }
}
