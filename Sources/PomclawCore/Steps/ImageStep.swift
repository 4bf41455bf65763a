/// The gateway image `openclaw:<OPENCLAW_VERSION>`, built from `docker/openclaw` by
/// `compose build openclaw-gateway` when it does not exist locally, with the build output
/// shown as it happens. An image that exists is never rebuilt.
public struct ImageStep: Step {
    /// `image`.
    public let id = "image"
    /// "OpenClaw image".
    public let title = "OpenClaw image"

    public init() {}

    /// `openclaw:<version>`.
    public static func reference(_ settings: Settings) -> String {
        "openclaw:\(settings.openclawVersion)"
    }

    /// A gateway container running from the image shows that it exists: no call beyond the
    /// stack's container read (shared through `context.stack`, which `install` starts early).
    /// Otherwise one `docker image inspect`: found, or "No such image"; any other failure (the
    /// engine not running, no permission) is an error, never taken for a missing image.
    public func check(_ context: Context) async throws -> CheckResult {
        let reference = Self.reference(context.settings)
        if let gateway = try? await context.stack.containers(context.docker)[StackNames.gateway],
            gateway.running, gateway.image == reference
        {
            return .done(reference)
        }
        let command = DockerCommand.imageInspect(reference)
        let result = try await context.stack.imageInspect(reference, context.docker)
        if result.status == 0 { return .done(reference) }
        guard (result.stderr + result.stdout).lowercased().contains("no such image") else {
            throw DockerError.failed(command, result).error
        }
        return .changes(Plan(["build image \(reference) (a few minutes the first time)"]))
    }

    /// `compose build openclaw-gateway`, each output line shown indented under a `|`.
    public func apply(_ context: Context) async throws {
        let console = context.console
        console.info("building \(Self.reference(context.settings)); the build output follows")
        do {
            try await context.docker.output(.build(StackNames.gateway)) { line in
                let text = ANSI.strip(line).trimmingCharacters(in: .newlines)
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
                console.info("  | " + text)
            }
        } catch let error as DockerError {
            throw error.error
        }
    }
}
