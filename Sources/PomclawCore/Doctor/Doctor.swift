import Foundation

/// `pomclaw doctor`: looks at everything an install depends on — Docker, the published ports,
/// DNS, the Zero API and its token, the clock, disk space, and the stack itself — and says for
/// each what it found and what to do. It changes nothing; its checks run concurrently.
public struct Doctor: Sendable {
    /// What the doctor works from, found without prompting.
    public struct Inputs: Sendable, Equatable {
        public var clusterDomain: String?
        public var apiToken: Secret?
        /// The host ports Pomerium publishes (`POMCLAW_HTTPS_PORT`, `POMCLAW_SSH_PORT`).
        public var httpsPort: Int
        public var sshPort: Int
        /// `POMCLAW_BIND_ADDRESS` (default all IPv4 addresses).
        public var bindAddress: String

        public init(clusterDomain: String?, apiToken: Secret?, httpsPort: Int = 443, sshPort: Int = 2200, bindAddress: String = "0.0.0.0") {
            self.clusterDomain = clusterDomain
            self.apiToken = apiToken
            self.httpsPort = httpsPort
            self.sshPort = sshPort
            self.bindAddress = bindAddress
        }

        /// The port settings from `.env` values (absent, empty or unreadable ones keep their
        /// defaults).
        public mutating func readPorts(from values: [String: String]) {
            if let port = values["POMCLAW_HTTPS_PORT"].flatMap(Int.init), (1...65535).contains(port) { httpsPort = port }
            if let port = values["POMCLAW_SSH_PORT"].flatMap(Int.init), (1...65535).contains(port) { sshPort = port }
            if let address = values["POMCLAW_BIND_ADDRESS"], !address.isEmpty { bindAddress = address }
        }
    }

    let host: any HostProbing
    let zeroProbe: ZeroProbe

    public init(host: any HostProbing, zero: ZeroProbe) {
        self.host = host
        self.zeroProbe = zero
    }

    public func run(_ context: Context, _ inputs: Inputs) async -> DoctorReport {
        async let engine = engine(context)
        async let compose = compose(context)
        async let disk = disk(context)
        async let ports = ports(context, inputs)
        async let names = names(inputs)
        async let zero = zeroAPI(context, inputs)
        async let stack = stack(context, inputs)
        let docker = [await engine, await compose, await disk]
        let network = await ports + names
        return DoctorReport(findings: legacy(context) + docker + network + (await zero) + (await stack))
    }

    /// A warning when the directory holds the original bash installer's setup, not yet
    /// adopted; nothing otherwise.
    func legacy(_ context: Context) -> [DoctorFinding] {
        guard let legacy = LegacyAdoption.survey(context.directory) else { return [] }
        var traces = legacy.rootKeys.isEmpty ? [] : ["SSH keys at the directory's root"]
        if legacy.composeFile { traces.append(LegacyComposeStep.legacyName) }
        return [DoctorFinding(
            id: "original-installer", title: "Original installer's setup", severity: .warning,
            detail: "\(context.directory.path) holds what the original bash installer left (\(traces.joined(separator: ", "))); "
                + "the stack checks below look at it as it is",
            next: "Run `pomclaw install` here to adopt it: the keys are kept, the policy and routes in Pomerium Zero are reused.")]
    }

    /// True when the install directory holds a compose file (pomclaw's or the original
    /// installer's): something is installed there.
    static func installed(_ directory: InstallDirectory) -> Bool {
        ComposeCLI.composeFiles.contains { FileManager.default.fileExists(atPath: directory.file($0)) }
    }
}
