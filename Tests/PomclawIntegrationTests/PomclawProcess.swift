import Foundation
import PomclawTestSupport

/// Runs the built `pomclaw` executable as a child process, the way a user would.
enum PomclawProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall time from start to exit.
        var duration: Duration
    }

    /// The `pomclaw` binary next to the test bundle in the build products directory.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("pomclaw")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/pomclaw")
    }

    /// The environment a child starts from: this process's, without any pomclaw setting, so
    /// the person running the tests cannot take part.
    static var baseEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("POMERIUM_") && !$0.key.hasPrefix("POMCLAW_")
                && $0.key != "OPERATOR_EMAIL" && $0.key != "OPENCLAW_VERSION"
        }
    }

    /// Runs pomclaw with `arguments`, stdin from `stdin` (or /dev/null), in `directory`;
    /// kills it and throws when it runs longer than `timeout`. `throttled` as for
    /// `ChildProcess.run`: for runs on a thread of their own that talk to a simulator.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        directory: String? = nil, timeout: Duration = .seconds(60), throttled: Bool = false
    ) throws -> Result {
        let result = try ChildProcess.run(
            [executable.path] + arguments, environment: baseEnvironment.merging(environment) { _, new in new },
            stdin: stdin, directory: directory, timeout: timeout, throttled: throttled)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr, duration: result.duration)
    }
}
