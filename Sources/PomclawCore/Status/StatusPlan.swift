/// The steps `status` checks, grouped for people, with the groups that cannot be checked
/// for lack of a setting marked as skipped.
public enum StatusPlan {
    public static func groups(_ available: AvailableInputs) -> [StatusRunner.Group] {
        let missingLocal = available.missing.filter { $0 != .apiToken }
        let zeroSkip: String?
        if available.apiToken == nil {
            zeroSkip = "no API token at hand (pass --api-token-file or set POMERIUM_ZERO_API_TOKEN to check these)"
        } else if !missingLocal.isEmpty {
            zeroSkip = "needs " + missingLocal.map(\.variable).joined(separator: ", ")
        } else {
            zeroSkip = nil
        }
        return [
            StatusRunner.Group(
                name: "local files",
                steps: (missingLocal.isEmpty ? [EnvFileStep()] : [MissingSettingsCheck(missingLocal)]) + [KeysStep(), StackFilesStep(), WorkspaceStep()]),
            StatusRunner.Group(
                name: "containers",
                steps: [ImageStep(), StackServicesStep.gatewayAndPomerium, StackServicesStep.wholeStack]),
            StatusRunner.Group(
                name: "gateway auth", steps: [TrustedProxyStep()],
                skipReason: available.clusterDomain == nil ? "needs POMERIUM_CLUSTER_DOMAIN" : nil),
            StatusRunner.Group(name: "Pomerium Zero", steps: InstallPlan.zeroSteps, skipReason: zeroSkip),
        ]
    }
}

/// Stands in for the `.env` check when required settings are absent: it reports them missing.
struct MissingSettingsCheck: Step {
    let id = "env-file"
    let title = "Settings file .env"
    let missing: [InputKey]

    init(_ missing: [InputKey]) {
        self.missing = missing
    }

    func check(_ context: Context) async throws -> CheckResult {
        .changes(Plan(missing.map { "\($0.variable) is not set" }, finding: .missing))
    }

    func apply(_ context: Context) async throws {
        throw PomclawError("Settings are missing.", next: "Run pomclaw install.")
    }
}
