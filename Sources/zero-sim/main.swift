import Foundation
import ZeroSimulator

/// `zero-sim [--port N] [--seed FILE] [--latency-ms N]`: serves the Zero API double on 127.0.0.1 until killed.
/// `--latency-ms N` delays every request by N milliseconds (a model of the real API's round
/// trip, for benchmarks). Never prints tokens: the seed file holds them.
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: zero-sim [--port N] [--seed FILE] [--latency-ms N]\n".utf8))
    exit(64)
}

var port = 0
var seedPath: String?
var latencyMilliseconds = 0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), (0...65_535).contains(value) else { usage() }
        port = value
    case "--seed":
        guard let value = arguments.popFirst() else { usage() }
        seedPath = value
    case "--latency-ms":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), (0...60_000).contains(value) else { usage() }
        latencyMilliseconds = value
    case "-h", "--help":
        print("usage: zero-sim [--port N] [--seed FILE] [--latency-ms N]")
        exit(0)
    default:
        usage()
    }
}

let simulator = ZeroSimulator()
simulator.knobs.requestLatency = Double(latencyMilliseconds) / 1000
do {
    if let seedPath {
        let data = try Data(contentsOf: URL(fileURLWithPath: seedPath))
        try simulator.load(SimFixture.decode(data))
    }
    let url = try await simulator.start(port: port)
    let banner = "listening on http://127.0.0.1:\(url.port ?? port)\napi base \(url.absoluteString)\n"
    FileHandle.standardOutput.write(Data(banner.utf8))
} catch {
    FileHandle.standardError.write(Data("zero-sim: \(error)\n".utf8))
    exit(1)
}
signal(SIGPIPE, SIG_IGN)
while true {
    try await Task.sleep(nanoseconds: 3_600_000_000_000)
}
