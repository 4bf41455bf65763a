/// Everything a step may touch, in one value. Commands build it from the real adaptors;
/// tests build it from fakes that fail on anything they were not told to expect.
public struct Context: Sendable {
    /// Where the install lives: `.env`, keys and `openclaw-data/` are inside it.
    public var directory: InstallDirectory
    /// The resolved inputs.
    public var settings: Settings
    /// How this run behaves (`--yes`, `--non-interactive`, `--dry-run`).
    public var options: RunOptions
    /// Messages, prompts and results.
    public var console: any Console
    /// SSH key generation and parsing.
    public var keys: any KeyGenerating
    /// The Pomerium Zero management API.
    public let zero: any ZeroAPI
    /// Docker and Compose for the install's stack, as given (what `docker` wraps).
    public var baseDocker: any DockerRunning
    /// Docker and Compose for the install's stack: every call that may change the stack
    /// tells `stack`, so its cached reads never go stale.
    public var docker: any DockerRunning {
        get { StackObservingDocker(base: baseDocker, session: stack) }
        set { baseDocker = newValue }
    }
    /// Time and waiting.
    public var time: any Timekeeper
    /// This run's cached view of the Zero cluster, shared by the Zero steps.
    public let zeroSession: ZeroSession
    /// This run's cached view of the compose stack, shared by the stack and gateway steps.
    public let stack: StackSession

    public init(
        directory: InstallDirectory, settings: Settings, options: RunOptions, console: any Console,
        keys: any KeyGenerating, zero: any ZeroAPI, docker: any DockerRunning, time: any Timekeeper,
        knownCluster: ZeroCluster? = nil
    ) {
        self.directory = directory
        self.settings = settings
        self.options = options
        self.console = console
        self.keys = keys
        self.zero = zero
        self.baseDocker = docker
        self.time = time
        self.stack = StackSession(directory: directory, time: time, recordsGatewayConfig: !options.dryRun)
        self.zeroSession = ZeroSession(
            api: zero, domain: settings.clusterDomain, time: time, knownCluster: knownCluster)
    }
}
