import PomclawCore

/// Dotted-path reads and writes on a JSON object, as OpenClaw's config commands do them.
enum FakeConfigTree {
    static func get(_ root: JSONObject, _ path: String) -> JSONValue? {
        var current: JSONValue = .object(root)
        for key in path.split(separator: ".") {
            guard let next = current.objectValue?[String(key)] else { return nil }
            current = next
        }
        return current
    }

    /// Sets the value, creating (or replacing non-object) parents with objects.
    static func set(_ root: inout JSONObject, _ path: String, _ value: JSONValue) {
        let keys = path.split(separator: ".").map(String.init)
        root = setting(root, keys[...], value)
    }

    private static func setting(_ object: JSONObject, _ keys: ArraySlice<String>, _ value: JSONValue) -> JSONObject {
        var object = object
        guard let key = keys.first else { return object }
        if keys.count == 1 {
            object[key] = value
        } else {
            object[key] = .object(setting(object[key]?.objectValue ?? [:], keys.dropFirst(), value))
        }
        return object
    }

    static func remove(_ root: inout JSONObject, _ path: String) {
        let keys = path.split(separator: ".").map(String.init)
        root = removing(root, keys[...])
    }

    private static func removing(_ object: JSONObject, _ keys: ArraySlice<String>) -> JSONObject {
        var object = object
        guard let key = keys.first else { return object }
        if keys.count == 1 {
            object[key] = nil
        } else if let child = object[key]?.objectValue {
            object[key] = .object(removing(child, keys.dropFirst()))
        }
        return object
    }

    /// Removes the credentials `gateway.auth.mode` does not use; returns their paths.
    static func prune(_ root: inout JSONObject) -> [String] {
        let unused: [String]
        switch get(root, "gateway.auth.mode")?.stringValue {
        case "token": unused = ["password"]
        case "password": unused = ["token"]
        case "trusted-proxy": unused = ["token", "password"]
        default: unused = []
        }
        var removed: [String] = []
        for key in unused where get(root, "gateway.auth.\(key)") != nil {
            remove(&root, "gateway.auth.\(key)")
            removed.append("gateway.auth.\(key)")
        }
        return removed
    }
}
