import Foundation

/// One write to OpenClaw's config, as `openclaw config patch --stdin` takes it: a JSON object
/// merged into the config, where objects merge recursively, arrays and other values replace
/// the target, and `null` deletes the target path (docs/cli/config.md "`config patch`", at
/// openclaw/docs 7b72e7e73c30 = the 2026.6.5 era and at c0a8fa9ab2ea = 2026-08; on main since
/// 2026-04-29). So a whole change — values set, keys removed, a secret among them — is one
/// validated write, read from stdin: never in argv, never in a file.
///
/// Paths are arrays of keys, so a key holding dots (an email in `gateway.auth.identityScopes`)
/// is one key.
public struct ConfigPatch: Sendable, Equatable {
    /// The patch document, from the config's root.
    public private(set) var root: JSONObject = [:]

    public init() {}

    /// Whether the patch changes nothing.
    public var isEmpty: Bool { root.isEmpty }

    /// Sets `path` to `value`. An object value merges into an object already there.
    public mutating func set(_ path: [String], _ value: JSONValue) {
        Self.put(&root, path[...], value)
    }

    /// Deletes `path` (a `null` in the patch).
    public mutating func remove(_ path: [String]) {
        Self.put(&root, path[...], .null)
    }

    private static func put(_ object: inout JSONObject, _ path: ArraySlice<String>, _ value: JSONValue) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child = object[key]?.objectValue ?? [:]
        put(&child, path.dropFirst(), value)
        object[key] = .object(child)
    }

    /// `config` with the patch merged in, as `config patch` writes it (RFC 7396 merge).
    public func applied(to config: JSONObject) -> JSONObject {
        Self.merge(config, root)
    }

    private static func merge(_ target: JSONObject, _ patch: JSONObject) -> JSONObject {
        var result = target
        for (key, value) in patch {
            switch value {
            case .null:
                result[key] = nil
            case .object(let child):
                result[key] = .object(merge(result[key]?.objectValue ?? [:], child))
            default:
                result[key] = value
            }
        }
        return result
    }

    /// The bytes `config patch --stdin` reads.
    var document: Data { JSONValue.object(root).encoded() }

    /// Whether a running gateway restarts for this write: every `gateway.*` change but
    /// `gateway.reload` and `gateway.remote` (openclaw-versions.md §4, "What reloads and what
    /// restarts", at the pin and at DH).
    public var restartsGateway: Bool {
        guard let gateway = root["gateway"]?.objectValue else { return false }
        return gateway.keys.contains { $0 != "reload" && $0 != "remote" }
    }
}
