import Foundation

/// The Pomerium Zero checks: the API and the token, and this host's clock against the API's.
extension Doctor {
    /// Seconds of difference that are worth a warning, and that break things (TLS, tokens
    /// and short-lived SSH certificates are checked against the clock).
    static let clockWarning: Double = 30
    static let clockError: Double = 300

    func zeroAPI(_ context: Context, _ inputs: Inputs) async -> [DoctorFinding] {
        let (id, title) = ("zero-api", "Pomerium Zero API")
        let outcome = await zeroProbe.probe(apiToken: inputs.apiToken)
        let base = zeroProbe.baseURL.absoluteString
        let api: DoctorFinding
        switch outcome {
        case .tokenAccepted:
            api = .ok(id, title, "reachable at \(base); the API token is valid")
        case .tokenRejected(let status, _):
            api = DoctorFinding(
                id: id, title: title, severity: .error,
                detail: "reachable at \(base), but the API token was rejected (HTTP \(status))",
                next: ZeroAPIError.newTokenAction)
        case .answered(let status, _) where inputs.apiToken == nil:
            api = DoctorFinding(
                id: id, title: title, severity: .ok,
                detail: "reachable at \(base) (HTTP \(status)); the API token was not checked: none at hand "
                    + "(pass --api-token-file or set POMERIUM_ZERO_API_TOKEN)")
        case .answered(let status, _):
            api = DoctorFinding(
                id: id, title: title, severity: .error,
                detail: "reachable at \(base), but the token exchange answered HTTP \(status)",
                next: ZeroAPIError.isTransient(status: status) ? ZeroAPIError.unavailableAction : "Check POMCLAW_ZERO_API, then run pomclaw doctor again.")
        case .unreachable(let failure):
            let (kind, detail) = ZeroAPIError.describe(failure)
            api = DoctorFinding(
                id: id, title: title, severity: .error, detail: "unreachable at \(base): \(kind): \(detail)",
                next: ZeroAPIError.nextAction(transport: failure))
        }
        return [api, clock(context, serverDate: outcome.serverDate)]
    }

    private func clock(_ context: Context, serverDate: Date?) -> DoctorFinding {
        let (id, title) = ("clock", "Clock")
        guard let serverDate else {
            return .skipped(id, title, "Pomerium Zero's clock is unknown (no answer with a Date header)")
        }
        let skew = context.time.now.timeIntervalSince(serverDate)
        let shown = "\(Int(abs(skew).rounded())) s \(skew >= 0 ? "ahead of" : "behind") Pomerium Zero's clock"
        guard abs(skew) > Self.clockWarning else {
            return .ok(id, title, "within \(Int(Self.clockWarning)) s of Pomerium Zero's clock")
        }
        return DoctorFinding(
            id: id, title: title, severity: abs(skew) > Self.clockError ? .error : .warning, detail: "this host is " + shown,
            next: "Synchronise the clock (`sudo timedatectl set-ntp true`, or install chrony), then run pomclaw doctor again.")
    }
}
