import Foundation
import ZeroSimulator

/// `zero-sim [--port N] [--seed FILE] [--latency-ms N] [--profile observed|strict|friendly]`:
/// serves the Zero API double on 127.0.0.1 until killed. `--latency-ms N` delays every request
/// by N milliseconds (a model of the real API's round trip, for benchmarks). `--profile` picks
/// how it answers where the real API's answer is not settled: `observed` (the default: what
/// clients known to work have seen), `strict` (observed plus every other plausible answer) or
/// `friendly` (the documented answers). Never prints tokens: the seed file holds them.
let usageLine = "usage: zero-sim [--port N] [--seed FILE] [--latency-ms N] [--profile observed|strict|friendly]"

func usage() -> Never {
    FileHandle.standardError.write(Data((usageLine + "\n").utf8))
    exit(64)
}

var port = 0
var seedPath: String?
var latencyMilliseconds = 0
var knobs = Knobs.observed
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
    case "--profile":
        guard let value = arguments.popFirst().flatMap(Knobs.profile(named:)) else { usage() }
        knobs = value
    case "-h", "--help":
        print(usageLine)
        exit(0)
    default:
        usage()
    }
}

let simulator = ZeroSimulator(knobs: knobs)
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
