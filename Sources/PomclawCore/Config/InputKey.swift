/// The settings an install needs, with every way to supply each one.
public enum InputKey: String, CaseIterable, Sendable, Hashable {
    case zeroToken = "POMERIUM_ZERO_TOKEN"
    case apiToken = "POMERIUM_ZERO_API_TOKEN"
    case clusterDomain = "POMERIUM_CLUSTER_DOMAIN"
    case operatorEmail = "OPERATOR_EMAIL"
    case openclawVersion = "OPENCLAW_VERSION"

    /// The environment variable and `.env` key.
    public var variable: String { rawValue }

    /// The command-line option that supplies the value directly.
    public var flag: String {
        switch self {
        case .zeroToken: "--zero-token"
        case .apiToken: "--api-token"
        case .clusterDomain: "--cluster-domain"
        case .operatorEmail: "--operator-email"
        case .openclawVersion: "--openclaw-version"
        }
    }

    /// The option that reads the value from a file (secrets only).
    public var fileFlag: String? {
        switch self {
        case .zeroToken: "--zero-token-file"
        case .apiToken: "--api-token-file"
        default: nil
        }
    }

    /// Secrets are prompted without echo and never shown.
    public var isSecret: Bool { self == .zeroToken || self == .apiToken }

    /// What the value is, for prompts and messages.
    public var label: String {
        switch self {
        case .zeroToken: "Pomerium Zero token (the cluster bootstrap token)"
        case .apiToken: "Pomerium Zero API token (an API user token)"
        case .clusterDomain: "Pomerium Zero cluster domain"
        case .operatorEmail: "email address you use to sign in to Pomerium"
        case .openclawVersion: "OpenClaw version"
        }
    }

    /// How to supply the value, for the "missing" message.
    public var howToSupply: String {
        var ways = [fileFlag.map { "\($0) FILE" }, "\(flag) VALUE"].compactMap { $0 }
        ways.append("the environment variable \(variable)")
        ways.append("\(variable)=… in .env")
        return ways.joined(separator: ", ")
    }
}

/// Where a resolved value came from.
public enum InputOrigin: String, Sendable, Equatable {
    case flag, file, environment, dotenv, prompt, picker, defaultValue
}
