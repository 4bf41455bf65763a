import Foundation
import ZeroSimulator

/// `zero-sim [--port N] [--seed FILE]`: serves the Zero API double on 127.0.0.1 until killed.
/// Never prints tokens: the seed file holds them.
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: zero-sim [--port N] [--seed FILE]\n".utf8))
    exit(64)
}

var port = 0
var seedPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), (0...65_535).contains(value) else { usage() }
        port = value
    case "--seed":
        guard let value = arguments.popFirst() else { usage() }
        seedPath = value
    case "-h", "--help":
        print("usage: zero-sim [--port N] [--seed FILE]")
        exit(0)
    default:
        usage()
    }
}

let simulator = ZeroSimulator()
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
