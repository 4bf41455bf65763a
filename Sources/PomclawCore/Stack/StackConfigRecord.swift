import Foundation

/// Containers that `compose up` left as they were although their configuration-hash label
/// differs from `compose config --hash`, kept in `.pomclaw/stack.json` (0600 in a 0700
/// folder).
///
/// Some Compose v2 releases compute the label and `config --hash` differently (services with
/// `depends_on` or `env_file`), so the two never match there even right after `up`. Compose
/// itself judged such a container current when pomclaw last ran `up`; remembering the
/// container id and the `config --hash` of that moment lets a later check tell "nothing
/// changed since" from "the configuration changed" without recreating on every run. A lost
/// file costs one `compose up`, which recreates nothing that is current.
public struct StackConfigRecord: Codable, Sendable, Equatable {
    /// One container accepted as current.
    public struct Entry: Codable, Sendable, Equatable {
        /// The container's id.
        public var container: String
        /// `compose config --hash` of its service when `up` left the container as it was.
        public var configHash: String

        public init(container: String, configHash: String) {
            self.container = container
            self.configHash = configHash
        }
    }

    /// By Compose service.
    public var services: [String: Entry] = [:]

    public init(services: [String: Entry] = [:]) {
        self.services = services
    }

    public static func path(_ directory: InstallDirectory) -> String {
        directory.file(".pomclaw/stack.json")
    }

    /// The saved record; empty when there is none or it cannot be parsed.
    public static func read(_ directory: InstallDirectory) -> StackConfigRecord {
        guard let data = FileManager.default.contents(atPath: path(directory)),
            let record = try? JSONDecoder().decode(StackConfigRecord.self, from: data)
        else { return StackConfigRecord() }
        return record
    }

    public func write(_ directory: InstallDirectory) throws {
        try AtomicFile.createDirectory(directory.file(".pomclaw"), mode: 0o700)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: Self.path(directory), mode: 0o600)
    }

    /// Whether `container` of `service` runs the configuration that hashes to `configHash`:
    /// its label says so, or `up` accepted exactly this container with exactly this hash.
    public func isCurrent(_ container: ContainerState, service: String, configHash: String) -> Bool {
        if container.labels[ServiceConfigHashes.label] == configHash { return true }
        guard let entry = services[service] else { return false }
        return entry.container == container.id && entry.configHash == configHash
    }
}
