import Foundation
import PomclawCore
import Synchronization

/// A small model of the compose stack behind a `FakeDocker`: the gateway image, each service's
/// configuration hash, and containers whose state follows a scripted behaviour on the
/// `FakeTimekeeper`'s clock (Docker calls take no time; only sleeps move the clock).
///
/// It answers `image inspect`, `build`, `config --hash=…`, `ps -a -q`, `inspect`,
/// `up -d --no-build`, the gateway probe and `logs`; anything else is an unexpected call.
public final class FakeStack: Sendable {
    /// How a container behaves from the moment it starts.
    public enum Behaviour: Sendable, Equatable {
        /// Runs; the gateway probe answers once this many seconds have passed.
        case answersAfter(Double)
        /// Runs and never answers.
        case neverAnswers
        /// Crashes with `exitCode` every `every` seconds and is restarted by Docker, showing
        /// as restarting for the last `restartingFor` seconds of each cycle. Never answers.
        case crashLoop(exitCode: Int, every: Double, restartingFor: Double)
        /// Runs, then exits with `code` after `after` seconds and stays down.
        case exits(code: Int, after: Double)
    }

    private struct Container {
        var id: String
        /// The configuration hash Compose created it from.
        var createdFrom: String
        var startedAt: Date
        var behaviour: Behaviour
    }

    private struct State {
        var imagePresent: Bool
        var buildFailure: String?
        var configHashes: [String: String]
        var containers: [String: Container] = [:]
        var behaviours: [String: Behaviour] = [:]
        var logs: [String: [String]] = [:]
        var labelsDifferFromConfigHash = false
        var created = 0
    }

    private let time: FakeTimekeeper
    private let state: Mutex<State>

    /// Every service starts with hash `<service>-hash-1` (hex-ified) and no container.
    public init(time: FakeTimekeeper, imagePresent: Bool = true) {
        self.time = time
        let services = [StackNames.gateway, StackNames.pomerium, StackNames.verify]
        state = Mutex(
            State(
                imagePresent: imagePresent,
                configHashes: Dictionary(uniqueKeysWithValues: services.map { ($0, Self.hash($0, 1)) })))
    }

    /// A 64-hex-digit hash that differs per service and version.
    public static func hash(_ service: String, _ version: Int) -> String {
        let seed = Array(service.utf8).reduce(UInt64(version) &* 0x9E37_79B9) { $0 &* 31 &+ UInt64($1) }
        return (0..<4).map { String(format: "%016llx", seed &+ UInt64($0)) }.joined()
    }

    /// A FakeDocker answering from this model; `buildLines` are streamed by `build`.
    public func docker(buildLines: [String] = []) -> FakeDocker {
        FakeDocker(progress: ["build": buildLines]) { [self] command in answer(command) }
    }

    /// Makes `up` fail the build with this stderr.
    public func failBuild(_ stderr: String) { state.withLock { $0.buildFailure = stderr } }
    /// How containers that `up` creates or starts for `service` behave (default: answer at once).
    public func behave(_ service: String, _ behaviour: Behaviour) { state.withLock { $0.behaviours[service] = behaviour } }
    /// The service's log lines, for `logs`.
    public func logs(_ service: String, _ lines: [String]) { state.withLock { $0.logs[service] = lines } }
    /// Changes a service's configuration (as a new `.env` value would).
    public func changeConfiguration(_ service: String, version: Int = 2) {
        state.withLock { $0.configHashes[service] = Self.hash(service, version) }
    }
    /// Some Compose v2 releases label containers with a hash `config --hash` never prints.
    public func labelsDifferFromConfigHash() { state.withLock { $0.labelsDifferFromConfigHash = true } }

    /// Puts a current container for `service` in place, started now.
    public func start(_ service: String, _ behaviour: Behaviour = .answersAfter(0)) {
        let now = time.now
        state.withLock { state in
            state.created += 1
            state.containers[service] = Container(
                id: Self.containerID(state.created), createdFrom: state.configHashes[service] ?? "",
                startedAt: now, behaviour: behaviour)
        }
    }

    /// The id the model gives its n-th container.
    public static func containerID(_ n: Int) -> String { String(format: "c%063x", n) }

    /// The current container id of `service`, if any.
    public func containerID(of service: String) -> String? { state.withLock { $0.containers[service]?.id } }

    /// The model's answer to `command`, or nil when it does not model it.
    public func answer(_ command: DockerCommand) -> DockerResult? {
        let argv = command.arguments
        let now = time.now
        return state.withLock { state -> DockerResult? in
            switch argv.first {
            case "image" where argv.count == 5 && argv[1] == "inspect":
                return state.imagePresent
                    ? DockerResult(stdout: "sha256:0123\n")
                    : DockerResult(status: 1, stderr: "Error response from daemon: No such image: \(argv[4])\n")
            case "build":
                if let failure = state.buildFailure { return DockerResult(status: 1, stderr: failure) }
                state.imagePresent = true
                return DockerResult()
            case "config" where argv.count == 2 && argv[1].hasPrefix("--hash="):
                let services = argv[1].dropFirst("--hash=".count).split(separator: ",").map(String.init)
                let lines = services.compactMap { service in state.configHashes[service].map { "\(service) \($0)\n" } }
                return DockerResult(stdout: lines.joined())
            case "ps" where argv == ["ps", "-a", "-q"]:
                return DockerResult(stdout: state.containers.values.map { $0.id + "\n" }.sorted().joined())
            case "inspect" where argv.starts(with: ["inspect", "--type", "container"]):
                let ids = Set(argv.dropFirst(3))
                let found = state.containers.filter { ids.contains($0.value.id) }.sorted { $0.key < $1.key }
                return DockerResult(stdout: Self.inspectJSON(found.map { ($0.key, $0.value) }, state, now))
            case "up" where argv.starts(with: ["up", "-d", "--no-build"]):
                let named = Array(argv.dropFirst(3))
                for service in named.isEmpty ? Array(state.configHashes.keys) : named {
                    if let container = state.containers[service], container.createdFrom == state.configHashes[service] {
                        if case .exits(_, let after) = container.behaviour, now.timeIntervalSince(container.startedAt) >= after {
                            state.containers[service]?.startedAt = now
                        }
                        continue
                    }
                    state.created += 1
                    state.containers[service] = Container(
                        id: Self.containerID(state.created), createdFrom: state.configHashes[service] ?? "",
                        startedAt: now, behaviour: state.behaviours[service] ?? .answersAfter(0))
                }
                return DockerResult()
            case "exec" where command == .gatewayProbe:
                guard let gateway = state.containers[StackNames.gateway] else { return DockerResult(status: 1) }
                let view = Self.view(gateway, now)
                return view.answers ? FakeProbe.ready(uptime: now.timeIntervalSince(gateway.startedAt)) : FakeProbe.down
            case "logs" where argv.count == 5:
                return DockerResult(stdout: (state.logs[argv[4]] ?? []).map { "\(argv[4])-1  | \($0)\n" }.joined())
            default:
                return nil
            }
        }
    }

    private struct View {
        var running: Bool
        var restarting: Bool
        var exitCode: Int
        var restartCount: Int
        var answers: Bool
    }

    private static func view(_ container: Container, _ now: Date) -> View {
        let elapsed = now.timeIntervalSince(container.startedAt)
        switch container.behaviour {
        case .answersAfter(let seconds):
            return View(running: true, restarting: false, exitCode: 0, restartCount: 0, answers: elapsed >= seconds)
        case .neverAnswers:
            return View(running: true, restarting: false, exitCode: 0, restartCount: 0, answers: false)
        case .crashLoop(let code, let every, let restartingFor):
            let cycles = Int(elapsed / every)
            let restarting = elapsed - Double(cycles) * every >= every - restartingFor
            return View(
                running: true, restarting: restarting, exitCode: restarting ? code : 0, restartCount: cycles,
                answers: false)
        case .exits(let code, let after):
            let exited = elapsed >= after
            return View(running: !exited, restarting: false, exitCode: exited ? code : 0, restartCount: 0, answers: false)
        }
    }

    private static func inspectJSON(_ containers: [(String, Container)], _ state: State, _ now: Date) -> String {
        let objects: [[String: Any]] = containers.enumerated().map { index, entry in
            let (service, container) = entry
            let view = view(container, now)
            let label =
                state.labelsDifferFromConfigHash ? String(container.createdFrom.reversed()) : container.createdFrom
            let status = view.restarting ? "restarting" : view.running ? "running" : "exited"
            return [
                "Id": container.id, "Name": "/pomclaw-\(service)-1", "RestartCount": view.restartCount,
                "State": [
                    "Status": status, "Running": view.running, "Restarting": view.restarting,
                    "ExitCode": view.exitCode, "StartedAt": "2026-06-20T10:00:00Z",
                ],
                "Config": [
                    "Image": service == StackNames.gateway ? "openclaw:2026.6.5" : service,
                    "Labels": [
                        "com.docker.compose.project": "pomclaw", "com.docker.compose.service": service,
                        ServiceConfigHashes.label: label,
                    ],
                ],
                "NetworkSettings": ["Networks": ["pomclaw_main": ["IPAddress": "172.18.0.\(index + 2)"]]],
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
