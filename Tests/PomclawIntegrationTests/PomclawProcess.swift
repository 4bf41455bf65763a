import Foundation

/// Runs the built `pomclaw` executable as a child process, the way a user would.
enum PomclawProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
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

    /// Runs pomclaw with `arguments`, stdin from `stdin` (or /dev/null), in `directory`.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        directory: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POMERIUM_") && $0.key != "OPERATOR_EMAIL" && $0.key != "OPENCLAW_VERSION" && !$0.key.hasPrefix("POMCLAW_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
