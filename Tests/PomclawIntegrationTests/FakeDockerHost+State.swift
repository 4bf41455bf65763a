import Foundation

extension FakeDockerHost {
    /// The fake's state document (images, containers by `project/service`).
    func state() throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: folder.file("state.json")) else { return [:] }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Replaces the fake's state document.
    func setState(_ state: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder.file("state.json")))
    }

    /// The container of `service` in the fake's state (any project; there is one per test).
    func container(_ service: String) throws -> [String: Any]? {
        let containers = try state()["containers"] as? [String: [String: Any]] ?? [:]
        return containers.first { $0.key.hasSuffix("/" + service) }?.value
    }

    /// Stops `service`'s container as if it had exited with `exitCode`.
    func stop(_ service: String, exitCode: Int) throws {
        var document = try state()
        var containers = document["containers"] as? [String: [String: Any]] ?? [:]
        for (key, var container) in containers where key.hasSuffix("/" + service) {
            container["running"] = false
            container["exit"] = exitCode
            containers[key] = container
        }
        document["containers"] = containers
        try setState(document)
    }

    /// The images the fake holds.
    func images() throws -> [String] { try state()["images"] as? [String] ?? [] }
}
