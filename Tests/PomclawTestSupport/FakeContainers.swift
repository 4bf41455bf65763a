import Foundation
import PomclawCore
import Synchronization

/// The compose project's containers as a fake Docker engine reports them: answers
/// `compose ps -a -q` and `docker inspect --type container …` for the services it holds.
public final class FakeContainers: Sendable {
    public struct Service: Sendable {
        public var running: Bool
        public var address: String?

        public init(running: Bool, address: String?) {
            self.running = running
            self.address = address
        }
    }

    public let project: String
    private let services: Mutex<[String: Service]>

    /// A stack with pomerium at `pomerium` and a running gateway; `pomerium: nil` for none.
    public init(project: String = "pomclaw", pomerium: String? = "172.30.0.10", gatewayRunning: Bool = true) {
        self.project = project
        var services: [String: Service] = [StackNames.gateway: Service(running: gatewayRunning, address: "172.30.0.3")]
        if let pomerium { services[StackNames.pomerium] = Service(running: true, address: pomerium) }
        self.services = Mutex(services)
    }

    /// Sets (or, with nil, removes) a service's container.
    public func set(_ service: String, _ state: Service?) {
        services.withLock { $0[service] = state }
    }

    /// The answer to `command`, or nil when it is not a container listing or inspect.
    public func answer(_ command: DockerCommand) -> DockerResult? {
        let services = self.services.withLock { $0 }
        if command == .projectContainerIDs {
            return DockerResult(stdout: services.keys.sorted().map { "id-\($0)\n" }.joined())
        }
        guard command.tool == .docker, command.arguments.starts(with: ["inspect", "--type", "container"]) else {
            return nil
        }
        let ids = command.arguments.dropFirst(3)
        let states: [JSONValue] = ids.compactMap { id in
            let name = String(id.dropFirst(3))
            guard let service = services[name] else { return nil }
            let networks: JSONObject = service.address.map { ["\(project)_main": ["IPAddress": .string($0)]] } ?? [:]
            return [
                "Id": .string(id), "Name": .string("/\(project)-\(name)-1"),
                "State": ["Status": .string(service.running ? "running" : "exited"), "Running": .bool(service.running)],
                "NetworkSettings": ["Networks": .object(networks)],
                "Config": [
                    "Labels": ["com.docker.compose.project": .string(project), "com.docker.compose.service": .string(name)],
                    "Image": "image",
                ],
            ]
        }
        return DockerResult(stdout: String(decoding: JSONValue.array(states).encoded(), as: UTF8.self))
    }
}
