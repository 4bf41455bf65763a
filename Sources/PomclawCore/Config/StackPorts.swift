/// The host ports the stack publishes, as `.env` sets them (`POMCLAW_SSH_PORT`).
public enum StackPorts {
    public static let defaultSSH = "2200"

    /// The SSH port users connect to: `POMCLAW_SSH_PORT` from `.env`, else 2200.
    public static func ssh(_ directory: InstallDirectory) -> String {
        let value = (try? DotEnvFile.read(from: directory.envFile))?.values["POMCLAW_SSH_PORT"] ?? ""
        return value.isEmpty ? defaultSSH : value
    }
}
