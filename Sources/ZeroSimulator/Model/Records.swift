import Foundation

/// An organization as stored by the simulator (zero-api.md §4.1: DOC's example).
struct OrganizationRecord {
    var id: String
    var name: String
    var organizationType: String
    var role: String
    var ownerUserId: String
    var createdAt: Date
    var joinedAt: Date

    var json: JSON {
        .object([
            "id": .string(id), "name": .string(name), "organizationType": .string(organizationType),
            "role": .string(role), "ownerUserId": .string(ownerUserId),
            "createdAt": .string(SimTimestamp.format(createdAt)),
            "updatedAt": .string(SimTimestamp.format(createdAt)),
            "joinedAt": .string(SimTimestamp.format(joinedAt)),
        ])
    }
}

/// A namespace: the org root (`id == orgId`) or one per cluster (`id == clusterId`), as in
/// DOC's example data (zero-api.md §4.2).
struct NamespaceRecord {
    var id: String
    var orgId: String
    var name: String
    var type: String
    var parentId: String?

    var json: JSON {
        var members: [String: JSON] = [
            "id": .string(id), "name": .string(name), "type": .string(type), "organizationId": .string(orgId),
        ]
        if let parentId { members["parentId"] = .string(parentId) }
        return .object(members)
    }
}

/// A cluster (zero-api.md §4.2: DOC and the Terraform provider's `Cluster`) with its settings
/// document.
struct ClusterRecord {
    var id: String
    var orgId: String
    var name: String
    var domain: String
    var createdAt: Date
    var updatedAt: Date
    var onboardingStatus: String
    var settingsId: String
    var settings: [String: JSON]
    var settingsUpdatedAt: Date

    var namespaceId: String { id }
    /// `<domain>.pomerium.app`; a domain with a dot is taken as the whole name (tests use
    /// names under `.invalid`, which never resolve).
    var fqdn: String { domain.contains(".") ? domain : domain + ".pomerium.app" }

    var json: JSON {
        .object([
            "id": .string(id), "name": .string(name), "namespaceId": .string(namespaceId),
            "domain": .string(domain), "fqdn": .string(fqdn), "autoDetectIpAddress": .string("203.0.113.10"),
            "flavor": .string("standard"), "onboardingStatus": .string(onboardingStatus),
            "createdAt": .string(SimTimestamp.format(createdAt)),
            "updatedAt": .string(SimTimestamp.format(updatedAt)),
        ])
    }
}

/// A policy (§6) without its computed route lists.
struct PolicyRecord {
    var id: String
    var orgId: String
    var namespaceId: String
    var name: String
    var ppl: JSON
    var enforced: Bool
    var description: String
    var explanation: String
    var remediation: String
    var createdAt: Date
    var updatedAt: Date
}

/// A route (§7): its writable fields exactly as sent, plus server-owned fields.
struct RouteRecord {
    var id: String
    var orgId: String
    var body: [String: JSON]
    var createdAt: Date
    var updatedAt: Date

    var namespaceId: String { body["namespaceId"]?.stringValue ?? "" }
    var name: String { body["name"]?.stringValue ?? "" }
    var policyIds: [String] { body["policyIds"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}

/// An API user token (refresh token) and the orgs it may see.
struct APITokenRecord {
    var orgIds: [String]
    var revoked: Bool
    /// Past this time `/token` refuses it as expired; nil for a token that never expires.
    var expiresAt: Date? = nil
}

/// An ID token issued by `/token`.
struct IDTokenRecord {
    var orgIds: [String]
    var expiresAt: Date
}
