import Foundation
import PomclawCore
import Synchronization

/// One Zero API client per run, made as soon as the API token is known, and the cluster the
/// picker chose, so the install does not list organizations and clusters twice.
final class ZeroConnection: Sendable {
    private let baseURL: URL
    private let transport: any HTTPTransport
    private let time: any Timekeeper
    private let console: any Console
    private let state = Mutex<(client: ZeroClient?, token: Secret?, cluster: ZeroCluster?)>((nil, nil, nil))

    init(baseURL: URL, transport: any HTTPTransport, time: any Timekeeper, console: any Console) {
        self.baseURL = baseURL
        self.transport = transport
        self.time = time
        self.console = console
    }

    /// The client for `apiToken` (the same one on every call with the same token).
    func client(for apiToken: Secret) -> ZeroClient {
        state.withLock { state in
            if let client = state.client, state.token == apiToken { return client }
            let client = ZeroClient(
                baseURL: baseURL, apiToken: apiToken, transport: transport, time: time, observer: Self.logger(console))
            state.client = client
            state.token = apiToken
            state.cluster = nil
            return client
        }
    }

    /// Each Zero API attempt as a detail (run log; screen with `--verbose`): method, path and
    /// status only.
    private static func logger(_ console: any Console) -> ZeroClient.Observer {
        { method, path, status in
            let outcome = status.map { String($0) } ?? "no response"
            console.detail("zero: \(method) \(path) → \(outcome)")
        }
    }

    /// The cluster chosen by `chooseCluster`, if it ran.
    var chosenCluster: ZeroCluster? { state.withLock { $0.cluster } }

    /// Lists the clusters of every organization and lets the user pick one.
    @Sendable func chooseCluster(apiToken: Secret, interactive: Bool) async throws -> String {
        let api = client(for: apiToken)
        let clusters = try await ZeroSession.allClusters(api)
        let chosen = try ClusterPicker.choose(from: clusters, console: console, interactive: interactive)
        state.withLock { $0.cluster = chosen }
        return chosen.fqdn
    }
}
