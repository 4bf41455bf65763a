/// Some of the stack's services up, current and (with the gateway) ready: created or started
/// when missing or stopped, recreated when `.env` or `compose.yaml` changed since their
/// container was made, and — when the gateway is among them — answering HTTP, so later steps
/// never race its entrypoint.
///
/// Two instances run in an install: `gatewayAndPomerium` before the Zero steps, and
/// `wholeStack` at the end, which adds `verify`.
public struct StackServicesStep: Step {
    public let id: String
    public let title: String
    /// The services the check looks at and `apply` waits for.
    public let services: [String]
    /// The services `compose up` names; empty for the whole stack.
    public let upServices: [String]
    /// Whether the check also asks the gateway to answer (one `compose exec`).
    public let checksGatewayAnswer: Bool
    /// Whether an `up` that starts the gateway also starts reading its config, for a later
    /// step that needs it (`TrustedProxyStep`): see `StackSession.readGatewayConfigAhead`.
    public private(set) var readsGatewayConfigAhead = false

    public init(id: String, title: String, services: [String], upServices: [String], checksGatewayAnswer: Bool) {
        self.id = id
        self.title = title
        self.services = services
        self.upServices = upServices
        self.checksGatewayAnswer = checksGatewayAnswer
    }

    /// This step, reading the gateway's config beside the readiness wait when its `up` starts
    /// the gateway: for plans whose next step reads that config.
    public var readingGatewayConfigAhead: StackServicesStep {
        var step = self
        step.readsGatewayConfigAhead = true
        return step
    }

    /// `stack`: the gateway and Pomerium, with the gateway answering.
    public static let gatewayAndPomerium = StackServicesStep(
        id: "stack", title: "OpenClaw gateway and Pomerium",
        services: [StackNames.gateway, StackNames.pomerium],
        upServices: [StackNames.gateway, StackNames.pomerium], checksGatewayAnswer: true)

    /// `stack-rest`: every service of the stack running and current. Its check leaves the
    /// gateway's answer to `stack`, which ran earlier in the same install.
    public static let wholeStack = StackServicesStep(
        id: "stack-rest", title: "Rest of the stack (verify)",
        services: [StackNames.gateway, StackNames.pomerium, StackNames.verify],
        upServices: [], checksGatewayAnswer: false)

    /// `compose ps`, one `docker inspect`, one `compose config --hash` and, when all else is
    /// in order, the gateway probe — each read once per run, shared with the other stack
    /// checks through `context.stack`.
    public func check(_ context: Context) async throws -> CheckResult {
        let survey = try await StackSurvey.read(services, probeGateway: checksGatewayAnswer, context)
        guard survey.findings.isEmpty else { return .changes(Plan(survey.findings.map(\.change))) }
        return .done(services.joined(separator: " and ") + " running")
    }

    /// `compose up -d --no-build`, then waits until every service runs and the gateway
    /// answers; fails at once, with the logs, on a container that crashes. When the `up`
    /// starts the gateway, its config is read beside the wait (`readGatewayConfigAhead`).
    public func apply(_ context: Context) async throws {
        let docker = context.docker
        let gatewayStarts = await startsGateway(context)
        do {
            try await docker.output(.up(upServices))
        } catch let error as DockerError {
            throw error.error
        }
        if gatewayStarts {
            await context.stack.readGatewayConfigAhead(docker, openclawVersion: context.settings.openclawVersion)
        }
        let containers: StackContainers
        do {
            containers = try await StackReadiness(services: services).wait(context)
        } catch {
            if gatewayStarts { await context.stack.dropGatewayConfigAhead() }
            throw error
        }
        // The wait's last read is the state after `up`: the re-check uses it.
        await context.stack.observed(containers, gatewayAnswered: services.contains(StackNames.gateway))
        try await remember(containers, context)
        // The step list says what changed; the log keeps the moment it was done.
        context.console.detail(services.joined(separator: " and ") + " running")
    }

    /// Whether this step reads the config ahead and its `up` creates, starts or recreates the
    /// gateway: the check's own reads (shared through `context.stack`) say so, without another
    /// Docker call. When they cannot be read, `up` reports why; the config is then read after
    /// the wait, as usual.
    private func startsGateway(_ context: Context) async -> Bool {
        guard readsGatewayConfigAhead, services.contains(StackNames.gateway),
            let survey = try? await StackSurvey.read([StackNames.gateway], probeGateway: false, context)
        else { return false }
        return !survey.findings.isEmpty
    }

    /// Records the containers `up` just accepted as current although their label differs from
    /// `config --hash` (see `StackConfigRecord`); writes only when that changes the record.
    private func remember(_ containers: StackContainers, _ context: Context) async throws {
        let hashes = try await context.stack.configHashes(context.docker)
        let saved = StackConfigRecord.read(context.directory)
        var record = saved
        for service in services {
            guard let container = containers[service], let hash = hashes[service] else { continue }
            if container.labels[ServiceConfigHashes.label] == hash {
                record.services[service] = nil
            } else {
                record.services[service] = .init(container: container.id, configHash: hash)
            }
        }
        if record != saved { try record.write(context.directory) }
    }
}
