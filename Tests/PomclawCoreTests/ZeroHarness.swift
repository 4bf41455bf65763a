import Foundation
import PomclawCore
import PomclawTestSupport

/// A `ZeroClient` wired to a `ScriptedTransport` and a `FakeTimekeeper`, with deterministic
/// jitter (the top of each range: sleeps of 0.5, 1, 2, 4 s) and a record of what the debug
/// observer saw.
final class ZeroHarness: Sendable {
    static let apiToken = "zero-api-user-token-EXAMPLE-0002"
    static let idToken = "id-token-EXAMPLE-1"
    static let org = "bOrgOrgOrgOrgOrgOrgOrgOrgOrg"
    static let cluster = "bClusterClusterClusterClust"
    static let namespace = "bNamespaceNamespaceNamespac"

    let transport = ScriptedTransport()
    let time = FakeTimekeeper()
    let client: ZeroClient
    private let observations: Recorder<String>

    /// - Parameter loggedIn: queue one successful token exchange for the first call.
    init(
        loggedIn: Bool = true, retryPolicy: ZeroRetryPolicy = .standard,
        jitter: @escaping ZeroClient.Jitter = { $0.upperBound },
        apiToken: String = ZeroHarness.apiToken
    ) {
        let observations = Recorder<String>()
        self.observations = observations
        client = ZeroClient(
            baseURL: URL(string: "https://zero.example/api/v0")!, apiToken: Secret(apiToken),
            transport: transport, time: time, retryPolicy: retryPolicy, jitter: jitter,
            observer: { method, path, status in
                observations.append("\(method) \(path) \(status.map(String.init) ?? "-")")
            })
        if loggedIn { transport.on("POST", "/token", .token(Self.idToken)) }
    }

    /// `METHOD path status` for every attempt the observer saw.
    var observed: [String] { observations.values }

    /// `/organizations/<org>/<rest>`.
    static func orgPath(_ rest: String) -> String { "/organizations/\(org)/\(rest)" }
}
