/// The Docker port as steps see it: passes every command to the real one and, after any
/// command that is not a known read, tells the run's `StackSession`, so that no cached read
/// outlives a change to the stack — whoever made it (steps, `reset`, commands added later).
public struct StackObservingDocker: DockerRunning {
    public let base: any DockerRunning
    public let session: StackSession

    public init(base: any DockerRunning, session: StackSession) {
        self.base = base
        self.session = session
    }

    public func run(_ command: DockerCommand, onLine: (@Sendable (String) -> Void)?) async throws -> DockerResult {
        guard !command.isStackRead else { return try await base.run(command, onLine: onLine) }
        do {
            let result = try await base.run(command, onLine: onLine)
            await session.changed(by: command)
            return result
        } catch {
            await session.changed(by: command)
            throw error
        }
    }
}

extension DockerCommand {
    /// An `exec` of the OpenClaw CLI in the gateway container.
    var isOpenClawCommand: Bool {
        tool == .compose && arguments.first == "exec" && arguments.contains(StackNames.gateway)
            && arguments.contains("openclaw")
    }

    /// Whether the command only reads: image and container inspection, `ps`, `config`, `logs`,
    /// `version`, the gateway probe, the gateway's config file, and the OpenClaw CLI's
    /// `config get` and `--version`.
    /// Everything else may change the stack or the gateway's config.
    var isStackRead: Bool {
        let first = arguments.first ?? ""
        switch tool {
        case .docker:
            return ["inspect", "version", "info"].contains(first) || arguments.starts(with: ["image", "inspect"])
        case .compose:
            switch first {
            case "ps", "config", "logs", "version", "images":
                return true
            case "exec":
                if self == .gatewayProbe || self == .gatewayConfigFile { return true }
                guard let index = arguments.firstIndex(of: "openclaw") else { return false }
                let rest = Array(arguments[(index + 1)...])
                return rest == ["--version"] || rest.starts(with: ["config", "get"])
            default:
                return false
            }
        }
    }
}
