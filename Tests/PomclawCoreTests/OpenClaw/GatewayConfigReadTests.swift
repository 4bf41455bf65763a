import Foundation
@testable import PomclawCore
import PomclawTestSupport
import Synchronization
import Testing

/// The gateway config read without OpenClaw's CLI: a recorded CLI answer is used only for the
/// very file, and the very release, it was made over; everything else goes through the CLI.
@Suite struct GatewayConfigReadTests {
    /// An install directory whose gateway config file holds `text`, and a gateway whose CLI
    /// answers `gateway` (the file and the CLI agree, as they do on a real host, unless a test
    /// says otherwise).
    private struct Fixture {
        let dir: TemporaryDirectory
        let gateway: FakeGateway
        let docker: FakeDocker
        let time = FakeTimekeeper()

        init(_ text: String, onRead: @escaping @Sendable () -> Void = {}) throws {
            dir = try TemporaryDirectory()
            let file = InstallDirectory(dir.path).gatewayConfigFile
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            let gateway = FakeGateway(gateway: ["mode": "local", "bind": "lan"])
            self.gateway = gateway
            docker = FakeDocker { command in
                if FakeGateway.openclawArguments(command)?.starts(with: ["config", "get"]) == true { onRead() }
                return gateway.answer(command)
            }
        }

        var install: InstallDirectory { InstallDirectory(dir.path) }

        func read(version: String = "2026.6.5", records: Bool = true) async throws -> GatewayConfig {
            try await GatewayConfigRead(directory: install, openclawVersion: version, records: records).read(docker, time)
        }

        func rewrite(_ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: install.gatewayConfigFile))
        }
    }

    static let plain = #"{"gateway":{"mode":"local","bind":"lan"}}"# + "\n"

    @Test func theSameFileIsReadOnceThroughTheCLIThenFromTheRecord() async throws {
        let fixture = try Fixture(Self.plain)
        defer { fixture.dir.remove() }

        let first = try await fixture.read()
        let second = try await fixture.read()

        #expect(fixture.docker.openclawInvocations == 1)
        #expect(first == second)
        #expect(second.values["bind"] == "lan")
        let record = try #require(InstallState.read(fixture.install).gatewayConfig)
        #expect(record.openclawVersion == "2026.6.5")
        #expect(record.fileSHA256 == SHA256.hex(Data(Self.plain.utf8)))
    }

    @Test func aChangedFileOrReleaseGoesThroughTheCLIAgain() async throws {
        let fixture = try Fixture(Self.plain)
        defer { fixture.dir.remove() }
        _ = try await fixture.read()

        try fixture.rewrite(Self.plain + " ")
        _ = try await fixture.read()
        #expect(fixture.docker.openclawInvocations == 2)

        _ = try await fixture.read(version: "2026.9.8")
        #expect(fixture.docker.openclawInvocations == 3)
        // The last CLI read is the record now: the same file and release need no CLI.
        _ = try await fixture.read(version: "2026.9.8")
        #expect(fixture.docker.openclawInvocations == 3)
    }

    /// What OpenClaw's loader changes on the way (docs/gateway/configuration.md: `$include`
    /// files, `${VAR}` substitution from the environment) is never taken from a record.
    @Test(arguments: [
        #"{"gateway":{"mode":"local"},"$include":"./more.json5"}"#,
        #"{"gateway":{"mode":"local","auth":{"password":"${GATEWAY_PASSWORD}"}}}"#,
    ])
    func aFileOpenClawRewritesOnLoadAlwaysGoesThroughTheCLI(text: String) async throws {
        let fixture = try Fixture(text)
        defer { fixture.dir.remove() }

        _ = try await fixture.read()
        _ = try await fixture.read()

        #expect(fixture.docker.openclawInvocations == 2)
        #expect(InstallState.read(fixture.install).gatewayConfig == nil)
    }

    /// Read-only commands (status, a dry run) read through the CLI but record nothing.
    @Test func aReadOnlyRunRecordsNothing() async throws {
        let fixture = try Fixture(Self.plain)
        defer { fixture.dir.remove() }

        _ = try await fixture.read(records: false)
        _ = try await fixture.read(records: false)

        #expect(fixture.docker.openclawInvocations == 2)
        #expect(InstallState.read(fixture.install).gatewayConfig == nil)
    }

    /// A file that changed while the CLI read it (the entrypoint, an edit): the answer may be
    /// the old file's or the new one's, so it is not recorded for either.
    @Test func aFileChangedDuringTheReadIsNotRecorded() async throws {
        let dir = Mutex<String?>(nil)
        let fixture = try Fixture(Self.plain) {
            if let path = dir.withLock({ $0 }) { try? Data("{}".utf8).write(to: URL(fileURLWithPath: path)) }
        }
        defer { fixture.dir.remove() }
        dir.withLock { $0 = fixture.install.gatewayConfigFile }

        _ = try await fixture.read()

        #expect(InstallState.read(fixture.install).gatewayConfig == nil)
    }

    /// The record holds the CLI's answer, which OpenClaw has already redacted, never the file.
    @Test func theRecordHoldsTheRedactedAnswerNotTheFile() async throws {
        let secret = "file-only-secret-value"
        let fixture = try Fixture(#"{"gateway":{"mode":"local","note":""# + secret + #""}}"#)
        defer { fixture.dir.remove() }

        _ = try await fixture.read()

        let state = try String(contentsOfFile: fixture.dir.file(".pomclaw/state.json"), encoding: .utf8)
        #expect(!state.contains(secret))
    }
}
