/// The clusters of every organization an API token sees, and the organizations that refused
/// to list theirs.
///
/// A token may see an organization where its user is not allowed to read clusters: that one
/// answers 403 ("viewer user required"), or 404. It is skipped rather than ending the lookup
/// (zero-api-audit.md §7 R7); it is named when no cluster matches, in case the cluster is there.
public struct ZeroClusterListing: Sendable, Equatable {
    public var clusters: [ZeroCluster]
    /// Organizations whose cluster list answered 403 or 404.
    public var refused: [ZeroOrganization]

    /// The answers that mean "this organization is not yours to read".
    static let refusals: [ZeroAPIError.Kind] = [.status(403), .status(404)]

    /// Lists the clusters of every organization the token can see (organizations read
    /// concurrently), skipping those that refuse. Fails when the token sees no organization, or
    /// when every organization refused (with that organization's error).
    public static func read(_ api: any ZeroAPI) async throws -> ZeroClusterListing {
        let organizations = try await api.organizations()
        guard !organizations.isEmpty else {
            throw PomclawError(
                "This API token sees no Pomerium Zero organization.",
                next: "Create the token as a user of the organization that owns your cluster, at \(InputValidation.apiTokenPage).")
        }
        let answers = try await withThrowingTaskGroup(of: (Int, Result<[ZeroCluster], ZeroAPIError>).self) { group in
            for (index, organization) in organizations.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await api.clusters(organizationID: organization.id)))
                    } catch let error as ZeroAPIError where ZeroClusterListing.refusals.contains(error.kind) {
                        return (index, .failure(error))
                    }
                }
            }
            var answers: [(Int, Result<[ZeroCluster], ZeroAPIError>)] = []
            for try await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var listing = ZeroClusterListing(clusters: [], refused: [])
        var firstRefusal: ZeroAPIError?
        for (organization, answer) in zip(organizations, answers) {
            switch answer {
            case .success(let clusters): listing.clusters += clusters
            case .failure(let error):
                listing.refused.append(organization)
                firstRefusal = firstRefusal ?? error
            }
        }
        if let firstRefusal, listing.refused.count == organizations.count { throw firstRefusal }
        return listing
    }

    /// The cluster whose fqdn is `domain` (see `ClusterPicker.match`); when none is, the error
    /// also names the organizations that refused to list their clusters.
    public func match(domain: String) throws -> ZeroCluster {
        do {
            return try ClusterPicker.match(domain: domain, in: clusters)
        } catch let error as PomclawError where !refused.isEmpty {
            throw PomclawError(error.message + "\n" + refusedLine, next: error.nextAction)
        }
    }

    /// One line naming the organizations that refused, for error messages.
    public var refusedLine: String {
        let names = refused.map { InputValidation.shown($0.name.isEmpty ? $0.id : $0.name) }
        return "Organizations that refused to list their clusters to this API token (not searched): "
            + names.joined(separator: ", ") + "."
    }
}
