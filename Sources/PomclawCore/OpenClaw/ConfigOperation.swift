/// One change to OpenClaw's config, by dotted path from the config root
/// (e.g. `gateway.auth.mode`).
public enum ConfigOperation: Sendable, Equatable {
    /// Sets the path to the value, creating parent objects as needed.
    case set(String, JSONValue)
    /// Removes the path; a path that is already absent counts as removed.
    case unset(String)

    /// The path the operation touches.
    public var path: String {
        switch self {
        case .set(let path, _), .unset(let path): path
        }
    }

    /// The `{path, value}` entry `config set --batch-json` takes; nil for an unset (batch mode
    /// only sets).
    var batchEntry: JSONValue? {
        guard case .set(let path, let value) = self else { return nil }
        return ["path": .string(path), "value": value]
    }
}
