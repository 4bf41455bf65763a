import Foundation

/// The Docker checks: the engine, Compose, and room for the gateway image.
extension Doctor {
    /// The oldest engine pomclaw's compose file works with (`host-gateway` needs 20.10).
    static let minimumEngine = [20, 10]
    /// Compose v2, or v1 from 1.27 on.
    static let minimumComposeV1 = [1, 27]
    /// Room for the gateway image build (node base, apt packages, OpenClaw from npm).
    static let neededBytes: UInt64 = 3 << 30

    func engine(_ context: Context) async -> DoctorFinding {
        let (id, title) = ("docker-engine", "Docker engine")
        do {
            let result = try await context.docker.run(.engineVersion)
            guard result.status == 0 else {
                let reason = result.tail(3).joined(separator: " ")
                return DoctorFinding(
                    id: id, title: title, severity: .error,
                    detail: "`docker version` could not reach the engine (status \(result.status))" + (reason.isEmpty ? "" : ": \(reason)"),
                    next: DockerCommand.engineVersion.nextAction)
            }
            let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let version = Self.versionNumbers(text) else {
                return DoctorFinding(id: id, title: title, severity: .warning, detail: "version '\(text)' could not be read",
                    next: "Check `docker version`: pomclaw needs Docker Engine 20.10 or newer.")
            }
            guard version.lexicographicallyPrecedes(Self.minimumEngine) == false else {
                return DoctorFinding(id: id, title: title, severity: .error, detail: "Docker Engine \(text) is too old (20.10 or newer is needed)",
                    next: "Upgrade Docker Engine (https://docs.docker.com/engine/install/), then run pomclaw doctor again.")
            }
            return .ok(id, title, "Docker Engine \(text)")
        } catch {
            return DoctorFinding(id: id, title: title, severity: .error, detail: Self.message(error),
                next: "Install Docker Engine with the Compose plugin (https://docs.docker.com/engine/install/), start it and run pomclaw doctor again.")
        }
    }

    func compose(_ context: Context) async -> DoctorFinding {
        let (id, title) = ("docker-compose", "Docker Compose")
        guard FileManager.default.fileExists(atPath: context.directory.path) else {
            return .skipped(id, title, "the install directory \(context.directory.path) does not exist yet")
        }
        do {
            let result = try await context.docker.run(.composeVersion)
            let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard result.status == 0, let version = Self.versionNumbers(text) else {
                return DoctorFinding(id: id, title: title, severity: .error,
                    detail: "`docker compose version` failed (status \(result.status))",
                    next: DockerCommand.composeVersion.nextAction)
            }
            if version.first == 1, version.lexicographicallyPrecedes(Self.minimumComposeV1) {
                return DoctorFinding(id: id, title: title, severity: .error, detail: "docker-compose \(text) is too old (1.27 or newer, or Compose v2)",
                    next: DockerCommand.composeVersion.nextAction)
            }
            return .ok(id, title, "Compose \(text)")
        } catch {
            return DoctorFinding(id: id, title: title, severity: .error, detail: Self.message(error), next: DockerCommand.composeVersion.nextAction)
        }
    }

    func disk(_ context: Context) async -> DoctorFinding {
        let (id, title) = ("disk", "Disk space")
        var candidates: [String] = []
        if let result = try? await context.docker.run(.dockerRootDirectory), result.status == 0 {
            let root = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if !root.isEmpty { candidates.append(root) }
        }
        candidates.append(Self.existingAncestor(of: context.directory.path))
        for path in candidates {
            guard let free = host.availableBytes(atPath: path) else { continue }
            let shown = Self.gibibytes(free)
            if free >= Self.neededBytes { return .ok(id, title, "\(shown) free on \(path)") }
            return DoctorFinding(
                id: id, title: title, severity: free >= Self.neededBytes / 3 ? .warning : .error,
                detail: "only \(shown) free on \(path); building the gateway image needs about \(Self.gibibytes(Self.neededBytes))",
                next: "Free some space (`docker system prune` removes unused images and build cache), then run pomclaw doctor again.")
        }
        return DoctorFinding(id: id, title: title, severity: .warning, detail: "free space could not be read for \(candidates.joined(separator: " or "))",
            next: "Check with `df -h` that about 3 GiB are free for Docker.")
    }

    /// The first `a.b[.c]` in `text`, as numbers (`v2.29.7-desktop.1` → [2, 29, 7]).
    static func versionNumbers(_ text: String) -> [Int]? {
        var numbers: [Int] = []
        var current = ""
        for character in text + " " {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if character == ".", !current.isEmpty {
                numbers.append(Int(current) ?? 0)
                current = ""
            } else {
                if !current.isEmpty { numbers.append(Int(current) ?? 0) }
                current = ""
                if numbers.count >= 2 { return numbers }
                numbers = []
            }
        }
        return nil
    }

    static func existingAncestor(of path: String) -> String {
        var candidate = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: candidate.path), candidate.path != "/" {
            candidate.deleteLastPathComponent()
        }
        return candidate.path
    }

    static func gibibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
    }

    static func message(_ error: any Error) -> String {
        if let docker = error as? DockerError, case .unavailable(let what) = docker { return what }
        if let pomclaw = error as? PomclawError { return pomclaw.message }
        return error.userMessage
    }
}
