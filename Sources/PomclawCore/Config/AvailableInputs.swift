/// The settings that can be found without asking: for commands that only look (`status`)
/// or that need just some of them (`reset`).
public struct AvailableInputs: Sendable, Equatable {
    public var zeroToken: Secret?
    public var apiToken: Secret?
    public var clusterDomain: String?
    public var operatorEmail: String?
    public var openclawVersion: String

    /// The required settings that were not found.
    public var missing: [InputKey] {
        var missing: [InputKey] = []
        if zeroToken == nil { missing.append(.zeroToken) }
        if apiToken == nil { missing.append(.apiToken) }
        if clusterDomain == nil { missing.append(.clusterDomain) }
        if operatorEmail == nil { missing.append(.operatorEmail) }
        return missing
    }

    /// Settings with what was found; an absent value is empty. Use only where the steps that
    /// run do not read the absent values.
    public var settings: Settings {
        Settings(
            zeroToken: zeroToken ?? Secret(""), apiToken: apiToken ?? Secret(""),
            clusterDomain: clusterDomain ?? "", operatorEmail: operatorEmail ?? "",
            openclawVersion: openclawVersion)
    }
}

extension InputResolver {
    /// Every setting found in flags, files, the environment and `.env`, validated, without
    /// prompting and without failing on what is absent. An invalid value still throws.
    public func resolveWithoutPrompting() throws -> AvailableInputs {
        var found = AvailableInputs(openclawVersion: Settings.defaultOpenClawVersion)
        for key in InputKey.allCases {
            guard let (value, origin) = try supplied(key) else { continue }
            switch key {
            case .zeroToken: found.zeroToken = try validated(key, origin) { try InputValidation.token(value, key) }
            case .apiToken: found.apiToken = try validated(key, origin) { try InputValidation.token(value, key) }
            case .clusterDomain: found.clusterDomain = try validated(key, origin) { try InputValidation.domain(value) }
            case .operatorEmail: found.operatorEmail = try validated(key, origin) { try InputValidation.email(value) }
            case .openclawVersion:
                found.openclawVersion = try validated(key, origin) { try InputValidation.version(value) }
            }
        }
        return found
    }
}
