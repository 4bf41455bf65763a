/// A seeded organization, as returned by ``ZeroSimulator/addOrganization(name:id:role:organizationType:)``.
public struct SimOrganization: Sendable, Hashable {
    /// The organization id (also its root namespace id).
    public let id: String
    /// The organization name.
    public let name: String
}
