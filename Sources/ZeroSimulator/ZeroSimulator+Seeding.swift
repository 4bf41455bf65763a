import Foundation

extension ZeroSimulator {
    /// Adds an organization (with its root namespace, `id == orgId`) and returns it.
    @discardableResult
    public func addOrganization(
        name: String, id: String? = nil, role: String = "admin", organizationType: String = "personal"
    ) -> SimOrganization {
        let org = SimOrganization(id: id ?? SimID.make(), name: name)
        let now = core.clock()
        core.state.withLock { state in
            state.organizations.append(OrganizationRecord(
                id: org.id, name: name, organizationType: organizationType, role: role,
                ownerUserId: SimID.make(), createdAt: now, joinedAt: now
            ))
            state.namespaces.append(NamespaceRecord(id: org.id, orgId: org.id, name: name, type: "root", parentId: nil))
        }
        return org
    }

    /// Adds a cluster to `org` with its namespace (`id == clusterId`) and empty settings; returns it.
    @discardableResult
    public func addCluster(
        org: SimOrganization, name: String, domain: String, createdAt: Date? = nil, id: String? = nil
    ) -> SimCluster {
        let clusterId = id ?? SimID.make()
        let created = createdAt ?? core.clock()
        let record = ClusterRecord(
            id: clusterId, orgId: org.id, name: name, domain: domain, createdAt: created, updatedAt: created,
            onboardingStatus: "complete", settingsId: SimID.make(), settings: [:], settingsUpdatedAt: created
        )
        core.state.withLock { state in
            state.clusters.append(record)
            state.namespaces.append(NamespaceRecord(
                id: clusterId, orgId: org.id, name: name, type: "cluster", parentId: org.id
            ))
        }
        return SimCluster(
            id: clusterId, orgId: org.id, name: name, domain: domain, fqdn: record.fqdn, namespaceId: record.namespaceId
        )
    }

    /// Adds an API user token for one organization and returns it (random unless `token` is given).
    @discardableResult
    public func addAPIToken(org: SimOrganization, token: String? = nil) -> String {
        addAPIToken(orgs: [org], token: token)
    }

    /// Adds an API user token that sees several organizations (a user in several orgs).
    @discardableResult
    public func addAPIToken(orgs: [SimOrganization], token: String? = nil) -> String {
        let value = token ?? "zapi-" + SimID.random(count: 40)
        core.state.withLock { $0.apiTokens[value] = APITokenRecord(orgIds: orgs.map(\.id), revoked: false) }
        return value
    }

    /// Revokes an API user token, as the Console would: `/token` refuses it from now on.
    /// ID tokens already issued stay valid until they expire.
    public func revokeAPIToken(_ token: String) {
        core.state.withLock { $0.apiTokens[token]?.revoked = true }
    }

    /// Makes an API user token expire now, as one created with an expiry date does once it
    /// passes: `/token` refuses it from now on. ID tokens already issued stay valid.
    public func expireAPIToken(_ token: String) {
        let now = core.clock()
        core.state.withLock { $0.apiTokens[token]?.expiresAt = now }
    }

    /// Makes every ID token issued so far expire now.
    public func expireIDTokens() {
        core.expire(idToken: nil)
    }

    /// Every ID token issued so far (to assert they never leak).
    public var issuedIDTokens: [String] {
        core.state.withLock { Array($0.idTokens.keys) }
    }

    /// The organizations, in the order they were added.
    public var organizations: [SimOrganization] {
        core.state.withLock { $0.organizations.map { SimOrganization(id: $0.id, name: $0.name) } }
    }

    /// The clusters of `org`, in the order they were added.
    public func clusters(org: SimOrganization) -> [SimCluster] {
        core.state.withLock { state in
            state.clusters.filter { $0.orgId == org.id }.map {
                SimCluster(id: $0.id, orgId: $0.orgId, name: $0.name, domain: $0.domain, fqdn: $0.fqdn,
                           namespaceId: $0.namespaceId)
            }
        }
    }
}
