import PomclawCore

/// What `curl` prints for the gateway probe (`DockerCommand.gatewayProbe`): for each of its two
/// URLs the body, then `\n<status>\n` (`-w '\n%{http_code}\n'`), status `000` and exit 7 when
/// the connection is refused. `/readyz` answers `{"ready":true,"failing":[],"uptimeMs":N}` to a
/// local-direct caller and `{"ready":true}` to others (openclaw-versions.md §5).
public enum FakeProbe {
    /// Ready on both URLs; `uptime` in seconds (nil: the answer carries none).
    public static func ready(uptime: Double?) -> DockerResult {
        let local = uptime.map { #"{"ready":true,"failing":[],"uptimeMs":\#(Int($0 * 1000))}"# } ?? #"{"ready":true}"#
        return DockerResult(stdout: local + "\n200\n" + #"{"ready":true}"# + "\n200\n")
    }

    /// Nothing listens on the gateway's port.
    public static let down = DockerResult(
        status: 7, stdout: "\n000\n\n000\n",
        stderr: "curl: (7) Failed to connect to 127.0.0.1 port 18789: Connection refused\n"
            + "curl: (7) Failed to connect to openclaw-gateway port 18789: Connection refused\n")

    /// Listening on 127.0.0.1 only.
    public static let loopbackOnly = DockerResult(
        status: 7, stdout: #"{"ready":true,"failing":[],"uptimeMs":5000}"# + "\n200\n\n000\n",
        stderr: "curl: (7) Failed to connect to openclaw-gateway port 18789: Connection refused\n")

    /// Draining or starting: 503 on both.
    public static let notReady = DockerResult(
        stdout: #"{"ready":false,"failing":[],"uptimeMs":5000}"# + "\n503\n" + #"{"ready":false}"# + "\n503\n")
}
