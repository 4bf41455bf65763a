import Foundation

/// Finds, read-only, everything `pomclaw uninstall` would remove: the stack's containers, the
/// web and SSH routes (by `from`), the "openclaw users" policy (by name), optionally the
/// cluster SSH settings pomclaw pushed, and the local keys and data. Items come in the order
/// they are removed: the stack first (nothing serves OpenClaw any more), the routes before the
/// policy they reference.
public enum UninstallSurvey {
    /// The paths `--purge` deletes. `.env` and the stack files stay: they hold the settings a
    /// re-install needs and the user's own edits.
    public static let purgedPaths = ["keys", "openclaw-data", ".pomclaw"]

    /// Throws when Docker or the Zero API cannot be read: without knowing what exists, nothing
    /// is removed.
    public static func items(_ context: Context, options: UninstallOptions) async throws -> [UninstallItem] {
        var items = [try await stack(context, volumes: options.volumes)]
        items += try await zero(context, clearClusterSSH: options.clearClusterSSH)
        items.append(localFiles(context.directory, purge: options.purge))
        return items
    }

    static func stack(_ context: Context, volumes: Bool) async throws -> UninstallItem {
        let name = "stack"
        let down = DockerCommand.down(volumes: volumes).display
        guard FileManager.default.fileExists(atPath: context.directory.file("compose.yaml")) else {
            return UninstallItem(name, .absent("no compose.yaml in \(context.directory.path)"))
        }
        let ids = try await context.docker.output(.projectContainerIDs)
            .split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
        if !ids.isEmpty {
            return UninstallItem(
                name, .present("stop and remove its \(ids.count) container(s) and network (\(down))"),
                target: .stack(volumes: volumes))
        }
        if volumes {
            return UninstallItem(
                name, .present("no containers; remove its network and volumes (\(down))"), target: .stack(volumes: true))
        }
        return UninstallItem(name, .absent("no containers"))
    }

    static func zero(_ context: Context, clearClusterSSH: Bool) async throws -> [UninstallItem] {
        let session = context.zeroSession
        let cluster = try await session.cluster()
        let routes = try await session.routes()
        let specs = [RouteSpec.web(domain: context.settings.clusterDomain), RouteSpec.ssh]
        var items: [UninstallItem] = []
        for spec in specs {
            let name = "\(spec.kind == .web ? "web" : "SSH") route \(spec.from)"
            if let id = try await RouteStep.listed(spec, in: session)?.id {
                items.append(UninstallItem(name, .present("delete it (id \(id))"), target: .route(id: id)))
            } else {
                items.append(UninstallItem(name, .absent("")))
            }
        }

        let policyName = "policy '\(ZeroDesiredState.policyName)'"
        if let id = try await session.policies().first(where: { $0.name == ZeroDesiredState.policyName })?.id {
            var others: [ZeroRoute] = []
            for route in routes where !specs.contains(where: { RouteDrift.sameFrom(route, $0) }) {
                // A list item may leave the attachments out: then the whole route says.
                var whole = route
                if !route.showsAttachments, let routeID = route.id { whole = try await session.route(id: routeID) }
                if whole.attachedPolicyIDs.contains(id) { others.append(whole) }
            }
            if others.isEmpty {
                items.append(UninstallItem(policyName, .present("delete it (id \(id))"), target: .policy(id: id)))
            } else {
                let names = others.map { InputValidation.shown($0.name ?? $0.from ?? "?", limit: 80) }
                items.append(UninstallItem(policyName, .blocked(
                    "other routes use it (\(names.joined(separator: ", "))), and deleting it would change who may reach "
                        + "them; detach it from them in the Pomerium Zero console, then re-run pomclaw uninstall")))
            }
        } else {
            items.append(UninstallItem(policyName, .absent("")))
        }

        if clearClusterSSH {
            let local = try? InstallKeys.load(from: context.directory, using: context.keys)
            let keys = local.map { ClusterSSHKeys(userCA: $0.userCA.privateKeyFile, hostKeys: $0.hostKeys.map(\.privateKeyFile)) }
            let recorded = InstallState.read(context.directory).clusters[cluster.id]?.sshKeysSHA256
            items.append(ClusterSSHClearing.item(
                current: try await session.settings(), local: keys, recorded: recorded, clusterID: cluster.id))
        } else {
            items.append(UninstallItem(
                ClusterSSHClearing.name, .kept("not touched (pass --clear-cluster-ssh to clear the ones pomclaw set)")))
        }
        return items
    }

    static func localFiles(_ directory: InstallDirectory, purge: Bool) -> UninstallItem {
        let present = purgedPaths.filter { FileManager.default.fileExists(atPath: directory.file($0)) }
        let name = "local keys and data"
        guard !present.isEmpty else { return UninstallItem(name, .absent("")) }
        let list = present.map { $0 + "/" }.joined(separator: ", ")
        guard purge else {
            return UninstallItem(name, .kept("\(list) kept (pass --purge to delete them)"))
        }
        return UninstallItem(
            name, .present("delete \(list) (the assistant's workspace, its config and the SSH keys)"),
            target: .localFiles(present))
    }
}
