import Foundation

/// Chooses the cluster to install to, as the original installer did — but across every
/// organization the token can see, and matching a given domain after normalising it.
public enum ClusterPicker {
    /// The cluster whose normalised fqdn equals `domain`; otherwise an error listing the
    /// clusters that exist.
    public static func match(domain: String, in clusters: [ZeroCluster]) throws -> ZeroCluster {
        let wanted = InputValidation.normalizedDomain(domain)
        if let found = clusters.first(where: { InputValidation.normalizedDomain($0.fqdn) == wanted }) {
            return found
        }
        guard !clusters.isEmpty else { throw noClusters }
        let list = sorted(clusters).map { "  - \(shown($0.fqdn)) (\(shown($0.name)))" }.joined(separator: "\n")
        throw PomclawError(
            "Cluster '\(wanted)' was not found. Clusters this API token can see:\n\(list)",
            next: "Set \(InputKey.clusterDomain.variable) (or \(InputKey.clusterDomain.flag)) to one of these, or leave it unset to pick from the list.")
    }

    /// Picks from `clusters`: one is used as is; several are offered newest first with [1] as
    /// the default when `interactive`, else the user is told to name one.
    public static func choose(from clusters: [ZeroCluster], console: any Console, interactive: Bool) throws
        -> ZeroCluster
    {
        let ordered = sorted(clusters)
        guard let first = ordered.first else { throw noClusters }
        if ordered.count == 1 {
            console.info("Using cluster: \(shown(first.name)) (\(shown(first.fqdn)))")
            return try usable(first)
        }
        guard interactive else {
            let list = ordered.map { "  - \(shown($0.fqdn)) (\(shown($0.name)))" }.joined(separator: "\n")
            throw PomclawError(
                "This API token sees \(ordered.count) clusters and there is no terminal to pick one on:\n\(list)",
                next: "Pass \(InputKey.clusterDomain.flag) DOMAIN or set \(InputKey.clusterDomain.variable) to one of them.")
        }
        console.info("")
        console.info("Found \(ordered.count) clusters. Most recent first; [1] is the default:")
        for (index, cluster) in ordered.enumerated() {
            let row = "  [\(index + 1)] \(pad(shown(cluster.name), 30)) \(pad(shown(cluster.fqdn), 40))  created \(shown(cluster.createdAt))"
            console.info(index == 0 ? row + "  <- default" : row)
        }
        for _ in 0..<3 {
            let answer: String
            do {
                answer = try console.prompt("Enter to accept [1], or type a number: ", secret: false)
            } catch PromptError.endOfInput {
                throw PomclawError(
                    "No cluster chosen: input ended at the prompt.",
                    next: "Run pomclaw again on a terminal, or pass \(InputKey.clusterDomain.flag) DOMAIN.")
            }
            let trimmed = answer.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return try usable(pick(ordered[0], console)) }
            if let number = Int(trimmed), trimmed.allSatisfy(\.isNumber), (1...ordered.count).contains(number) {
                return try usable(pick(ordered[number - 1], console))
            }
            console.warn("Invalid choice: \(trimmed). Type a number from 1 to \(ordered.count), or press Enter for [1].")
        }
        throw PomclawError(
            "No valid cluster choice after three tries.",
            next: "Run pomclaw again, or pass \(InputKey.clusterDomain.flag) DOMAIN.")
    }

    /// Newest first by `createdAt` (RFC 3339 text sorts chronologically), then by name.
    static func sorted(_ clusters: [ZeroCluster]) -> [ZeroCluster] {
        clusters.sorted { ($0.createdAt, $1.name) > ($1.createdAt, $0.name) }
    }

    /// `cluster` with its fqdn checked as `InputValidation.domain` checks a typed one: the
    /// domain from the API becomes host names in routes, the stack's network alias and a line
    /// of `.env`, so an fqdn that is not a plain DNS name is refused, never carried.
    static func usable(_ cluster: ZeroCluster) throws -> ZeroCluster {
        var cluster = cluster
        do {
            cluster.fqdn = try InputValidation.domain(cluster.fqdn)
        } catch {
            throw PomclawError(
                "Pomerium Zero gave the cluster \(InputValidation.shown(cluster.name)) the domain \(InputValidation.shown(cluster.fqdn)), which is not a domain name pomclaw can use.",
                next: "Pass \(InputKey.clusterDomain.flag) with the cluster's domain as the Pomerium Zero console shows it, or check the cluster there.")
        }
        return cluster
    }

    private static func pick(_ cluster: ZeroCluster, _ console: any Console) -> ZeroCluster {
        console.info("Using cluster: \(shown(cluster.name)) (\(shown(cluster.fqdn)))")
        return cluster
    }

    /// A name, domain or date from the API as it is shown: see `InputValidation.escaped`.
    private static func shown(_ text: String) -> String {
        InputValidation.escaped(text, limit: 80)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static var noClusters: PomclawError {
        PomclawError(
            "No clusters found in your Pomerium Zero organizations.",
            next: "Create one at https://console.pomerium.app first, then run pomclaw again.")
    }
}
