/// A seeded cluster, as returned by ``ZeroSimulator/addCluster(org:name:domain:createdAt:id:)``.
public struct SimCluster: Sendable, Hashable {
    /// The cluster id.
    public let id: String
    /// The id of the owning organization.
    public let orgId: String
    /// The cluster name.
    public let name: String
    /// The domain slug, e.g. `trusted-dog-1049`.
    public let domain: String
    /// `<domain>.pomerium.app`.
    public let fqdn: String
    /// The cluster's namespace id (equal to the cluster id, as in the docs' data).
    public let namespaceId: String
}
