import Foundation

/// Removes the surveyed items in order and says what became of each. A failure does not stop
/// the run: every other item is still tried, except that the policy stays while a route that
/// references it remains, and local files stay while the stack could not be stopped.
public enum UninstallExecutor {
    /// Runs every item; `report` sees each result as it is known (for progress).
    public static func run(
        _ items: [UninstallItem], _ context: Context, report: @Sendable (UninstallResult) -> Void = { _ in }
    ) async -> [UninstallResult] {
        var done: [(UninstallItem, UninstallResult)] = []
        for item in items {
            let result = await outcome(of: item, after: done, context)
            report(result)
            done.append((item, result))
        }
        return done.map(\.1)
    }

    static func outcome(
        of item: UninstallItem, after earlier: [(UninstallItem, UninstallResult)], _ context: Context
    ) async -> UninstallResult {
        func failed(_ match: (UninstallItem.Target?) -> Bool) -> UninstallResult? {
            earlier.first { match($0.0.target) && $0.1.outcome == .failed }?.1
        }
        switch item.state {
        case .absent(let why): return UninstallResult(item.name, .alreadyAbsent, why)
        case .kept(let why): return UninstallResult(item.name, .kept, why)
        case .blocked(let why): return UninstallResult(item.name, .failed, why)
        case .present: break
        }
        guard let target = item.target else { return UninstallResult(item.name, .failed, "nothing to remove it with") }
        do {
            switch target {
            case .stack(let volumes):
                _ = try await context.docker.output(.down(volumes: volumes))
                return UninstallResult(item.name, .removed, volumes ? "containers, network and volumes" : "containers and network")
            case .route(let id):
                return try await deleting(item.name, id: id, context, listed: { session in
                    await session.forgetRoutes()
                    return try await session.routes().map(\.id)
                }) { org in
                    try await context.zero.deleteRoute(organizationID: org, id: id)
                }
            case .policy(let id):
                if let route = failed({ if case .route = $0 { true } else { false } }) {
                    return UninstallResult(
                        item.name, .failed, "kept because the \(route.name) still references it; re-run pomclaw uninstall")
                }
                return try await deleting(item.name, id: id, context, listed: { session in
                    await session.forgetPolicies()
                    return try await session.policies().map(\.id)
                }) { org in
                    try await context.zero.deletePolicy(organizationID: org, id: id)
                }
            case .clusterSSH(let clusterID, let operations):
                return try await clearing(item.name, clusterID: clusterID, operations: operations, context)
            case .localFiles(let paths):
                if failed({ if case .stack = $0 { true } else { false } }) != nil {
                    return UninstallResult(item.name, .failed, "kept because the stack could not be stopped; re-run pomclaw uninstall")
                }
                return purge(item.name, paths, in: context.directory)
            }
        } catch {
            return UninstallResult(item.name, .failed, summary(error))
        }
    }

    /// Deletes one Zero object. A 404, or the 403 the API gives for an id that no longer exists
    /// (zero-api-audit.md §7 R9), is checked by listing again: gone means someone else deleted
    /// it first; still listed means the delete was refused.
    private static func deleting(
        _ name: String, id: String, _ context: Context, listed: (ZeroSession) async throws -> [String?],
        _ delete: (String) async throws -> Void
    ) async throws -> UninstallResult {
        let cluster = try await context.zeroSession.cluster()
        do {
            try await delete(cluster.organizationID)
        } catch let error as ZeroAPIError where ZeroClusterListing.refusals.contains(error.kind) {
            guard try await listed(context.zeroSession).contains(id) else {
                return UninstallResult(name, .alreadyAbsent, "deleted meanwhile (id \(id))")
            }
            throw error
        }
        return UninstallResult(name, .removed, "id \(id)")
    }

    /// Clears the cluster's SSH keys, and forgets that pomclaw pushed them. A refusal names the
    /// Console page where they can be cleared by hand.
    private static func clearing(
        _ name: String, clusterID: String, operations: [JSONPatchOperation], _ context: Context
    ) async throws -> UninstallResult {
        let cluster = try await context.zeroSession.cluster()
        do {
            try await context.zero.patchClusterSettings(
                organizationID: cluster.organizationID, clusterID: clusterID, operations: operations)
        } catch let error as ZeroAPIError where isRefusal(error) {
            return UninstallResult(name, .failed,
                "Pomerium Zero refused to clear them (\(summary(error).prefix(200))); clear them in \(ClusterSSHClearing.consolePage)")
        }
        await context.zeroSession.forgetSettings()
        var state = InstallState.read(context.directory)
        if var record = state.clusters[clusterID] {
            record.sshKeysSHA256 = nil
            record.settingsSHA256?["sshHostKeys"] = nil
            record.settingsSHA256?["sshUserCaKey"] = nil
            state.clusters[clusterID] = record.settingsSHA256?.isEmpty == false ? record : nil
            try state.write(context.directory)
        }
        return UninstallResult(name, .removed, operations.map { $0.path.dropFirst() }.joined(separator: ", "))
    }

    private static func purge(_ name: String, _ paths: [String], in directory: InstallDirectory) -> UninstallResult {
        var failed: [String] = []
        for path in paths {
            do {
                try FileManager.default.removeItem(atPath: directory.file(path))
            } catch {
                failed.append(path + "/")
            }
        }
        guard failed.isEmpty else {
            return UninstallResult(
                name, .failed,
                "could not delete \(failed.joined(separator: ", ")) (files the container created may belong to another user); "
                    + "delete them with sudo rm -rf in \(directory.path)")
        }
        return UninstallResult(name, .removed, paths.map { $0 + "/" }.joined(separator: ", "))
    }

    /// A 4xx other than a rejected login: the API understood and said no.
    private static func isRefusal(_ error: ZeroAPIError) -> Bool {
        if case .status(let code) = error.kind { return (400...499).contains(code) }
        return false
    }

    /// The error on one line, with its next action.
    static func summary(_ error: any Error) -> String {
        let text: String
        if let docker = error as? DockerError {
            text = docker.error.description
        } else {
            text = error.userMessage
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
