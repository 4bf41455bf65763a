import Foundation

/// What `docker inspect` says about one container: the fields pomclaw reads.
public struct ContainerState: Sendable, Equatable, Decodable {
    public var id: String
    /// The container's name without the leading slash.
    public var name: String
    /// `created`, `running`, `restarting`, `exited`, `paused`, `dead`.
    public var status: String
    public var running: Bool
    public var restarting: Bool
    /// The exit code of the last run (OpenClaw exits 78 when it refuses to bind without auth).
    public var exitCode: Int
    /// How many times Docker restarted it under its restart policy.
    public var restartCount: Int
    /// When the current (or last) run started, as Docker reports it (RFC 3339).
    public var startedAt: String
    /// IPv4 address on each attached network, keyed by network name (e.g. `pomclaw_main`).
    public var networks: [String: String]
    /// The container's labels; Compose sets `com.docker.compose.project` and
    /// `com.docker.compose.service`.
    public var labels: [String: String]
    /// The image reference it was created from.
    public var image: String

    public init(
        id: String, name: String, status: String, running: Bool, restarting: Bool = false, exitCode: Int = 0,
        restartCount: Int = 0, startedAt: String = "", networks: [String: String] = [:],
        labels: [String: String] = [:], image: String = ""
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.running = running
        self.restarting = restarting
        self.exitCode = exitCode
        self.restartCount = restartCount
        self.startedAt = startedAt
        self.networks = networks
        self.labels = labels
        self.image = image
    }

    /// The Compose project the container belongs to, from its label.
    public var composeProject: String? { labels["com.docker.compose.project"] }

    /// The container's address on the stack's `main` network, found by name
    /// (`<project>_main`), never by position.
    public var stackNetworkAddress: String? {
        guard let project = composeProject else { return nil }
        let address = networks["\(project)_\(StackNames.network)"]
        return address?.isEmpty == false ? address : nil
    }

    /// Parses the JSON array `docker inspect` prints.
    public static func parse(_ output: String) throws -> [ContainerState] {
        do {
            return try JSONDecoder().decode([ContainerState].self, from: Data(output.utf8))
        } catch {
            throw PomclawError(
                "Could not read `docker inspect` output: \(error)",
                next: "Check that the Docker engine is running (`docker info`), then re-run pomclaw.")
        }
    }

    private enum Keys: String, CodingKey {
        case Id, Name, State, RestartCount, NetworkSettings, Config
    }
    private enum StateKeys: String, CodingKey {
        case Status, Running, Restarting, ExitCode, StartedAt
    }
    private enum NetworkSettingsKeys: String, CodingKey { case Networks }
    private enum EndpointKeys: String, CodingKey { case IPAddress }
    private enum ConfigKeys: String, CodingKey { case Labels, Image }

    public init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: Keys.self)
        id = try root.decode(String.self, forKey: .Id)
        let rawName = try root.decodeIfPresent(String.self, forKey: .Name) ?? ""
        name = rawName.hasPrefix("/") ? String(rawName.dropFirst()) : rawName
        let state = try root.nestedContainer(keyedBy: StateKeys.self, forKey: .State)
        status = try state.decodeIfPresent(String.self, forKey: .Status) ?? ""
        running = try state.decodeIfPresent(Bool.self, forKey: .Running) ?? false
        restarting = try state.decodeIfPresent(Bool.self, forKey: .Restarting) ?? false
        exitCode = try state.decodeIfPresent(Int.self, forKey: .ExitCode) ?? 0
        startedAt = try state.decodeIfPresent(String.self, forKey: .StartedAt) ?? ""
        restartCount = try root.decodeIfPresent(Int.self, forKey: .RestartCount) ?? 0
        var found: [String: String] = [:]
        if let settings = try? root.nestedContainer(keyedBy: NetworkSettingsKeys.self, forKey: .NetworkSettings),
            let networks = try? settings.nestedContainer(keyedBy: AnyKey.self, forKey: .Networks)
        {
            for key in networks.allKeys {
                let endpoint = try networks.nestedContainer(keyedBy: EndpointKeys.self, forKey: key)
                found[key.stringValue] = try endpoint.decodeIfPresent(String.self, forKey: .IPAddress) ?? ""
            }
        }
        networks = found
        let config = try? root.nestedContainer(keyedBy: ConfigKeys.self, forKey: .Config)
        labels = (try? config?.decodeIfPresent([String: String].self, forKey: .Labels)) ?? [:]
        image = (try? config?.decodeIfPresent(String.self, forKey: .Image)) ?? ""
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
