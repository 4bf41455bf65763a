/// The version this build of pomclaw reports (`pomclaw --version`, the HTTP User-Agent).
public enum PomclawVersion {
    public static let current = "0.1.0"
}
