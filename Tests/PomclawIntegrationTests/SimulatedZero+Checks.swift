import Foundation
import PomclawCore
import ZeroSimulator

/// What tests check of the simulator after pomclaw talked to it.
extension SimulatedZero {
    /// The requests the simulator refused: any 4xx but a 401 (pomclaw logs in again) and the
    /// 403 of an organization the token may not read (the `forbiddenOrganization` knob), which
    /// pomclaw is expected to meet and skip.
    var refused: [RecordedRequest] {
        let known = Set(sim.organizations.map(\.id))
        return sim.requests.filter { request in
            guard let status = request.status, (400...499).contains(status), status != 401 else { return false }
            let segments = request.path.split(separator: "/").map(String.init)
            let foreignOrganization = segments.count > 3 && segments[2] == "organizations" && !known.contains(segments[3])
            return !(status == 403 && request.method == "GET" && foreignOrganization)
        }
    }

    /// `METHOD path → status` of each request, for failure messages.
    static func describe(_ requests: [RecordedRequest]) -> [String] {
        requests.map { "\($0.method) \($0.path) → \($0.status.map(String.init) ?? "-")" }
    }

    /// The policies named "openclaw users".
    var ownPolicies: [JSON] {
        sim.policies(org: org).filter { $0["name"]?.stringValue == ZeroDesiredState.policyName }
    }

    /// The policy ids attached to the route with `from`, as stored.
    func attached(from: String) -> [String] {
        let route = sim.routes(org: org).first { $0["from"]?.stringValue == from }
        return route?["policyIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The web route's `from`.
    var webFrom: String { "https://openclaw.\(cluster.fqdn)" }

    /// How many requests of each method the log holds, e.g. `9 (GET 8, POST 1)`, login included.
    var requestSummary: String {
        let requests = sim.requests
        let methods = Dictionary(grouping: requests, by: \.method).mapValues(\.count)
        let parts = methods.keys.sorted().map { "\($0) \(methods[$0] ?? 0)" }
        return "\(requests.count) (\(parts.joined(separator: ", ")))"
    }
}
