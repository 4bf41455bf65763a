/// A Pomerium Zero organization, as listed by `GET /organizations`.
public struct ZeroOrganization: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A Pomerium Zero cluster, as listed by `GET /organizations/{org}/clusters`.
public struct ZeroCluster: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The namespace policies and routes of this cluster live in.
    public var namespaceID: String
    /// e.g. `trusted-dog-1049.pomerium.app`.
    public var fqdn: String
    /// RFC 3339 as the API sent it; empty when absent. Sorts correctly as text.
    public var createdAt: String
    /// The organization the cluster was listed under.
    public var organizationID: String

    public init(
        id: String, name: String, namespaceID: String, fqdn: String, createdAt: String,
        organizationID: String
    ) {
        self.id = id
        self.name = name
        self.namespaceID = namespaceID
        self.fqdn = fqdn
        self.createdAt = createdAt
        self.organizationID = organizationID
    }
}

/// One RFC 6902 operation of a cluster settings PATCH.
public struct JSONPatchOperation: Sendable, Equatable {
    public enum Op: String, Sendable { case add, remove, replace }
    public var op: Op
    /// A JSON pointer, e.g. `/sshAddress` or `/jwtClaimsHeaders/x-pomerium-claim-email`.
    public var path: String
    public var value: JSONValue?

    public init(_ op: Op, _ path: String, _ value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }

    public var json: JSONValue {
        var object: JSONObject = ["op": .string(op.rawValue), "path": .string(path)]
        if let value { object["value"] = value }
        return .object(object)
    }
}
