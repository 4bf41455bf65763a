import PomclawCore

/// Reads and writes on a JSON config, as OpenClaw's config commands do them.
enum FakeConfigTree {
    /// The value at a dotted path (`config get`'s path syntax for plain keys).
    static func get(_ root: JSONObject, _ path: String) -> JSONValue? {
        var current: JSONValue = .object(root)
        for key in path.split(separator: ".") {
            guard let next = current.objectValue?[String(key)] else { return nil }
            current = next
        }
        return current
    }

    /// `root` with a merge patch applied, as `openclaw config patch` does it: objects merge
    /// recursively, other values replace, `null` deletes (docs/cli/config.md "`config patch`").
    static func merge(_ root: JSONObject, _ patch: JSONObject) -> JSONObject {
        var result = root
        for (key, value) in patch {
            switch value {
            case .null: result[key] = nil
            case .object(let child): result[key] = .object(merge(result[key]?.objectValue ?? [:], child))
            default: result[key] = value
            }
        }
        return result
    }
}
