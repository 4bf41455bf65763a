import Foundation
import PomclawCore
import PomclawTestSupport

/// The argv of each Docker call the stack steps make, and a fake stack wired into a context.
struct StackFixture {
    static let ps = ["ps", "-a", "-q"]
    static let gatewayAndPomeriumHashes = ["config", "--hash=openclaw-gateway,pomerium"]
    static let wholeStackHashes = ["config", "--hash=openclaw-gateway,pomerium,verify"]
    static let probe = [
        "exec", "-T", "-u", "claw", "openclaw-gateway", "curl", "-sS", "--max-time", "3", "-w", "\n%{http_code}\n",
        "http://127.0.0.1:18789/readyz", "http://openclaw-gateway:18789/readyz",
    ]
    static let upGatewayAndPomerium = ["up", "-d", "--no-build", "openclaw-gateway", "pomerium"]
    static let upWholeStack = ["up", "-d", "--no-build"]
    static func inspect(_ ids: [String?]) -> [String] { ["inspect", "--type", "container"] + ids.compactMap { $0 } }
    static func logs(_ service: String) -> [String] { ["logs", "--no-color", "--tail", "20", service] }

    let time = FakeTimekeeper()
    let console = FakeConsole()
    let stack: FakeStack
    let docker: FakeDocker
    let directory: String

    init(directory: String = "/proc/pomclaw-test-no-directory") {
        stack = FakeStack(time: time)
        docker = stack.docker()
        self.directory = directory
    }

    var context: Context { .fake(directory: directory, console: console, docker: docker, time: time) }

    /// Seconds the fake clock moved since the fixture was made.
    var elapsed: Double { time.sleeps.reduce(0, +) }

    func run(_ step: StackServicesStep) async -> StepOutcome {
        await Runner([step]).run(context).steps[0].outcome
    }

    /// The message of a failed outcome, or nil.
    static func failure(_ outcome: StepOutcome) -> String? {
        if case .failed(let message) = outcome { return message }
        return nil
    }
}
