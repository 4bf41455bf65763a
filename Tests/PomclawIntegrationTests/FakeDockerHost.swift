import Foundation
import PomclawTestSupport

/// A Docker host for process tests without an engine: `Fixtures/fake-docker/docker` first on
/// PATH, its state in a temporary folder, and the OpenClaw CLI inside "containers" played by
/// the stand-in CLI (`Tests/Docker/standin/openclaw/openclaw`) over the install's
/// `openclaw-data/config`, as the real stack mounts it.
struct FakeDockerHost: Sendable {
    let folder: TemporaryDirectory
    /// Extra variables for the fake (latency model, crash loops; see the script's header).
    var settings: [String: String] = [:]

    init(settings: [String: String] = [:]) throws {
        folder = try TemporaryDirectory("pomclaw-fake-docker")
        self.settings = settings
        guard let script = Bundle.module.url(forResource: "docker", withExtension: nil, subdirectory: "Fixtures/fake-docker") else {
            throw FixtureError("Fixtures/fake-docker/docker is missing from the test bundle")
        }
        let bin = folder.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: false)
        for name in ["docker", "docker-compose"] {
            try FileManager.default.copyItem(atPath: script.path, toPath: bin + "/" + name)
            chmod(bin + "/" + name, 0o755)
        }
    }

    /// The stand-in OpenClaw CLI in this checkout.
    static var openclawCLI: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docker/standin/openclaw/openclaw").path
    }

    /// Variables for a pomclaw child: PATH with the fake first (and no real docker), the
    /// fake's state and call log.
    var environment: [String: String] {
        [
            "PATH": folder.file("bin") + ":/usr/bin:/bin",
            "FAKE_DOCKER_STATE": folder.file("state.json"),
            "FAKE_DOCKER_LOG": folder.file("calls.jsonl"),
            "FAKE_DOCKER_OPENCLAW": Self.openclawCLI,
        ].merging(settings) { _, new in new }
    }

    /// One docker invocation as the fake saw it.
    struct Call: Decodable {
        var argv: [String]
        var env: [String]
        /// The config-triggered gateway restarts in the fake's state when the call ended.
        var gatewayRestarts: Int?

        /// True for an OpenClaw CLI invocation inside the gateway.
        var isOpenClaw: Bool { argv.contains("exec") && argv.contains("openclaw") }
    }

    /// Every call so far, in order.
    func calls() throws -> [Call] {
        guard let data = FileManager.default.contents(atPath: folder.file("calls.jsonl")) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Call.self, from: Data($0)) }
    }

    /// Forgets the calls so far (to count one run's).
    func clearCalls() {
        try? FileManager.default.removeItem(atPath: folder.file("calls.jsonl"))
    }

    func remove() { folder.remove() }
}
