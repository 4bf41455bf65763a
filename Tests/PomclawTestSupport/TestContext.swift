import Foundation
import PomclawCore

extension Context {
    /// A context of fakes for unit tests: every port fails on calls the test did not stub, and
    /// the default directory cannot be written (under /proc), so a test that writes files must
    /// pass its own.
    public static func fake(
        directory: String = "/proc/pomclaw-test-no-directory",
        settings: Settings = .example,
        options: RunOptions = RunOptions(nonInteractive: true),
        console: any Console = FakeConsole(),
        keys: any KeyGenerating = FakeKeys(),
        zero: any ZeroAPI = FakeZeroAPI(),
        docker: any DockerRunning = FakeDocker(),
        time: any Timekeeper = FakeTimekeeper()
    ) -> Context {
        Context(
            directory: InstallDirectory(directory), settings: settings, options: options,
            console: console, keys: keys, zero: zero, docker: docker, time: time)
    }
}

extension Settings {
    /// Settings with obviously fake tokens, for tests.
    public static let example = Settings(
        zeroToken: Secret("zero-cluster-token-EXAMPLE-0001"),
        apiToken: Secret("zero-api-user-token-EXAMPLE-0002"),
        clusterDomain: "trusted-dog-1049.pomerium.app",
        operatorEmail: "ops@example.com")
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ prefix: String = "pomclaw-test") throws {
        let template = NSTemporaryDirectory() + "\(prefix)-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw PomclawError("mkdtemp failed for \(template)")
        }
        path = String(cString: made)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
