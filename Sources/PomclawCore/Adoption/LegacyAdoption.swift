import Foundation

/// What the original bash installer left in an install directory, seen before pomclaw's first
/// run there, so the run can say afterwards what it adopted rather than recreated.
public struct LegacyAdoption: Sendable, Equatable {
    /// Private key files at the directory's root (the original's place for them).
    public var rootKeys: [String]
    /// Whether its `docker-compose.yml` is there.
    public var composeFile: Bool
    /// The name `LegacyComposeStep` will give it (`docker-compose.yml.orig` unless taken).
    public var retiredComposeFile: String
    /// Whether `.env` holds `POMERIUM_ZERO_API_TOKEN` (the original kept it there, and passed
    /// the whole file to the Pomerium container); the install's end offers to remove it
    /// (`TokenScrub`).
    public var apiTokenInEnv: Bool

    /// The original installer's traces in `directory`, or nil when there are none.
    public static func survey(_ directory: InstallDirectory) -> LegacyAdoption? {
        let names = InstallKeySpec.all.map(\.name)
        let keys = names.filter { FileManager.default.fileExists(atPath: directory.file($0)) }
        let compose = FileManager.default.fileExists(atPath: directory.file(LegacyComposeStep.legacyName))
        guard !keys.isEmpty || compose else { return nil }
        let env = (try? DotEnvFile.read(from: directory.envFile))?.values ?? [:]
        let token = !(env[InputKey.apiToken.variable] ?? "").isEmpty
        return LegacyAdoption(
            rootKeys: keys, composeFile: compose, retiredComposeFile: LegacyComposeStep.retiredName(directory), apiTokenInEnv: token)
    }

    /// What a successful run adopted, in one message: the keys, the compose file, and the
    /// Zero objects the run found (not created).
    public func summary(_ report: RunReport, settings: Settings) -> String {
        var adopted: [String] = []
        if !rootKeys.isEmpty {
            adopted.append("keys from the directory root (\(rootKeys.joined(separator: ", ")); moved into keys/ unchanged, not regenerated)")
        }
        if composeFile {
            adopted.append("its stack: \(LegacyComposeStep.legacyName) is kept as \(retiredComposeFile), and the same Compose project was recreated in place from compose.yaml (containers, network and volumes keep their names)")
        }
        let found: [(String, String)] = [
            ("zero-policy", "policy '\(ZeroDesiredState.policyName)'"),
            ("zero-route-ssh", "route ssh://openclaw"),
            ("zero-route-web", "route https://openclaw.\(settings.clusterDomain)"),
        ]
        let zero = found.compactMap { id, name in Self.adopted(report, id) ? name : nil }
        if !zero.isEmpty {
            adopted.append(zero.joined(separator: ", ") + " (found in Pomerium Zero and kept, updated in place where needed)")
        }
        var lines = ["Adopted the original installer's install:"] + adopted.map { "  - " + $0 }
        if composeFile, let image = report.steps.first(where: { $0.id == "image" }), case .alreadyDone = image.outcome {
            lines.append("The gateway runs the image \(ImageStep.reference(settings)) the original installer built from openclaw/ "
                + "(pomclaw builds an image only when its tag is missing). It works as it is; `pomclaw upgrade --openclaw VERSION` "
                + "to the next release builds pomclaw's own. The openclaw/ folder is no longer used.")
        }
        return lines.joined(separator: "\n")
    }

    /// True when step `id` found its object: done, or changed without creating it.
    private static func adopted(_ report: RunReport, _ id: String) -> Bool {
        guard let step = report.steps.first(where: { $0.id == id }) else { return false }
        switch step.outcome {
        case .alreadyDone: return true
        case .changed(let changes): return !changes.contains { $0.hasPrefix("create ") }
        default: return false
        }
    }
}
