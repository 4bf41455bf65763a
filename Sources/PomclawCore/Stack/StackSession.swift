import Foundation

/// One run's view of the compose stack, shared by every step that looks at it: the containers
/// (`compose ps -a -q` + one `docker inspect`), the services' configuration hashes (one
/// `compose config --hash`), the gateway probe and the gateway's config (one OpenClaw CLI
/// call), each read at most once until something may have changed it.
///
/// What may change them is tracked, not trusted to callers: every Docker call that is not a
/// known read goes through `StackObservingDocker`, which tells the session (`changed(by:)`).
/// The configuration hashes are keyed by the contents of `.env` and `compose.yaml`, so a step
/// that rewrites either is never answered from an old read. The gateway config is keyed by
/// the gateway container's identity (id, start time, restart count): a `compose up` that left
/// the gateway as it was keeps it; one that recreated or restarted the gateway (whose
/// entrypoint writes the config at each start) does not. A gateway just started gets its
/// config read at once, beside the readiness wait (`readGatewayConfigAhead`).
public actor StackSession {
    private let directory: InstallDirectory
    private let time: any Timekeeper
    /// Whether gateway config reads are recorded for later runs (`GatewayConfigRead`).
    private let recordsGatewayConfig: Bool
    private var containersTask: Task<StackContainers, any Error>?
    /// The container and hash reads `prefetch` started: a failure of one of them is not the
    /// answer of the step that first waits for it, which reads again (the read may have run
    /// before the stack files it needs were written).
    private var containersAhead: Task<StackContainers, any Error>?
    private var hashesAhead: Task<ServiceConfigHashes, any Error>?
    private var hashes: (key: Data, task: Task<ServiceConfigHashes, any Error>)?
    private var probeTask: Task<Bool, any Error>?
    private var gateway: (key: GatewayKey, task: Task<GatewayConfig, any Error>)?
    private var image: (reference: String, task: Task<DockerResult, any Error>)?
    /// The gateway probe and config read started beside a container read, before it was known
    /// whether the gateway runs; used once that read shows it running.
    private var early: EarlyGatewayReads?
    /// The config read started right after a `compose up` that starts the gateway, while its
    /// entrypoint may still run; used by the next config read when the entrypoint leaves
    /// what it read as it is.
    private var ahead: Task<GatewayConfig, any Error>?

    struct EarlyGatewayReads {
        var containers: Task<StackContainers, any Error>
        var probe: Task<Bool, any Error>
        var config: Task<GatewayConfig, any Error>
    }

    /// Which gateway container a config read came from.
    struct GatewayKey: Equatable {
        var id: String
        var startedAt: String
        var restartCount: Int

        init?(_ containers: StackContainers) {
            guard let gateway = containers[StackNames.gateway], gateway.running else { return nil }
            id = gateway.id
            startedAt = gateway.startedAt
            restartCount = gateway.restartCount
        }
    }

    /// Every service of the stack: the hashes are read for all of them in one call.
    public static let services = [StackNames.gateway, StackNames.pomerium, StackNames.verify]

    public init(directory: InstallDirectory, time: any Timekeeper, recordsGatewayConfig: Bool = false) {
        self.directory = directory
        self.time = time
        self.recordsGatewayConfig = recordsGatewayConfig
    }

    /// The gateway config read for `openclawVersion`: the recorded answer when the file is the
    /// one it was recorded for, else the OpenClaw CLI.
    private func configRead(_ openclawVersion: String) -> GatewayConfigRead {
        GatewayConfigRead(directory: directory, openclawVersion: openclawVersion, records: recordsGatewayConfig)
    }

    /// Starts the reads a stack check needs, concurrently, without waiting for them: the
    /// containers and the hashes, and the gateway probe and config. When the gateway has run
    /// here before (its config file exists), those two start at once, beside the container
    /// read, and are kept once it shows that gateway running; otherwise they start after it.
    /// Reads that something changed meanwhile are dropped. Failures are not kept: the step
    /// that needs the value reads again and reports the error of its own read.
    public func prefetch(_ docker: any DockerRunning, openclawVersion: String) {
        let containers = startContainers(docker)
        if containersTask == containers, containersAhead == nil { containersAhead = containers }
        let hashes = startHashes(docker)
        if hashesAhead == nil { hashesAhead = hashes }
        if gateway == nil, early == nil,
            FileManager.default.fileExists(atPath: directory.gatewayConfigFile)
        {
            let read = configRead(openclawVersion)
            early = EarlyGatewayReads(
                containers: containers,
                probe: Task { GatewayReadiness(try await docker.run(.gatewayProbe)).isReady },
                config: Task { [time] in try await read.read(docker, time) })
        }
        Task {
            guard let found = try? await containers.value else { return }
            self.prefetchGateway(found, from: containers, docker, openclawVersion)
        }
    }

    private func prefetchGateway(
        _ containers: StackContainers, from read: Task<StackContainers, any Error>, _ docker: any DockerRunning,
        _ openclawVersion: String
    ) {
        // Something changed the stack since this read: its gateway may be another one.
        guard containersTask == read, let key = GatewayKey(containers) else { return }
        _ = startProbe(docker)
        _ = startGatewayConfig(key, docker, openclawVersion)
    }

    /// The early gateway reads, when they were started beside the container read that is
    /// still current (nothing changed the stack since): they read the gateway that read saw.
    private func currentEarlyReads() -> EarlyGatewayReads? {
        guard let early, early.containers == containersTask else {
            early = nil
            return nil
        }
        return early
    }

    /// The result of `docker image inspect <reference>` (any status), read once until a
    /// build or another change.
    public func imageInspect(_ reference: String, _ docker: any DockerRunning) async throws -> DockerResult {
        let task = startImage(reference, docker)
        do {
            return try await task.value
        } catch {
            if image?.task == task { image = nil }
            throw error
        }
    }

    /// The stack's containers now.
    public func containers(_ docker: any DockerRunning) async throws -> StackContainers {
        let task = startContainers(docker)
        do {
            return try await task.value
        } catch {
            if containersTask == task { containersTask = nil }
            if containersAhead == task {
                containersAhead = nil
                return try await containers(docker)
            }
            throw error
        }
    }

    /// `compose config --hash` of every service, for the current `.env` and `compose.yaml`.
    public func configHashes(_ docker: any DockerRunning) async throws -> ServiceConfigHashes {
        let task = startHashes(docker)
        do {
            return try await task.value
        } catch {
            if hashes?.task == task { hashes = nil }
            if hashesAhead == task {
                hashesAhead = nil
                return try await configHashes(docker)
            }
            throw error
        }
    }

    /// Whether the gateway answers HTTP inside its container.
    public func gatewayAnswers(_ docker: any DockerRunning) async throws -> Bool {
        let task = startProbe(docker)
        do {
            return try await task.value
        } catch {
            if probeTask == task { probeTask = nil }
            throw error
        }
    }

    /// The gateway's config as read from the running gateway container in `containers`, for
    /// the release `openclawVersion`.
    public func gatewayConfig(
        _ containers: StackContainers, _ docker: any DockerRunning, openclawVersion: String
    ) async throws -> GatewayConfig {
        guard let key = GatewayKey(containers) else {
            return try await configRead(openclawVersion).read(docker, time)
        }
        let task = startGatewayConfig(key, docker, openclawVersion)
        do {
            return try await task.value
        } catch {
            if gateway?.task == task { gateway = nil }
            throw error
        }
    }

    /// Starts reading the gateway config now, for a gateway a `compose up` just started: the
    /// OpenClaw CLI's start-up (seconds on a small host) then overlaps the entrypoint and the
    /// readiness wait instead of following them. The next `gatewayConfig` uses what it read
    /// when the entrypoint writes nothing to such a config (`entrypointLeavesAsIs`), so it is
    /// what the gateway runs with; otherwise, or when the read failed (the entrypoint had not
    /// yet made the file claw's), it reads again.
    public func readGatewayConfigAhead(_ docker: any DockerRunning, openclawVersion: String) {
        ahead?.cancel()
        let read = configRead(openclawVersion)
        ahead = Task { [time] in try await read.read(docker, time) }
    }

    /// Stops and forgets a read started by `readGatewayConfigAhead` (the gateway did not get
    /// ready, so nothing will use it).
    public func dropGatewayConfigAhead() {
        ahead?.cancel()
        ahead = nil
    }

    /// Containers just observed by someone else (the readiness wait after `up`), and whether
    /// the gateway answered its probe then: later checks in this run use them instead of
    /// reading again.
    public func observed(_ containers: StackContainers, gatewayAnswered: Bool) {
        containersTask = Task { containers }
        if gatewayAnswered { probeTask = Task { true } }
    }

    /// Called after every Docker call that may change the stack. OpenClaw commands that are
    /// not reads forget the gateway config and the probe; `compose up` forgets the containers and the probe
    /// (the gateway config is kept, keyed by the gateway container, and so is the image
    /// read, and so is a read ahead: its use checks that no start changes it); a build only
    /// forgets the image read (it touches no container); anything else forgets all.
    public func changed(by command: DockerCommand) {
        if command.isOpenClawCommand {
            // A config write restarts the gateway in its process (openclaw-versions.md §4):
            // its config and its readiness are both new.
            gateway = nil
            probeTask = nil
            dropGatewayConfigAhead()
            return
        }
        if command.tool == .compose, command.arguments.first == "build" {
            image = nil
            return
        }
        containersTask = nil
        probeTask = nil
        if command.tool == .compose, command.arguments.first == "up" { return }
        image = nil
        gateway = nil
        dropGatewayConfigAhead()
    }

    private func startImage(_ reference: String, _ docker: any DockerRunning) -> Task<DockerResult, any Error> {
        if let image, image.reference == reference { return image.task }
        let task = Task { try await docker.run(.imageInspect(reference)) }
        image = (reference, task)
        return task
    }

    private func startContainers(_ docker: any DockerRunning) -> Task<StackContainers, any Error> {
        if let containersTask { return containersTask }
        let task = Task { try await StackContainers.read(docker) }
        containersTask = task
        return task
    }

    private func startHashes(_ docker: any DockerRunning) -> Task<ServiceConfigHashes, any Error> {
        let key = stackFilesKey()
        if let hashes, hashes.key == key { return hashes.task }
        let task = Task { try await ServiceConfigHashes.read(Self.services, docker) }
        hashes = (key, task)
        return task
    }

    private func startProbe(_ docker: any DockerRunning) -> Task<Bool, any Error> {
        if let probeTask { return probeTask }
        if let early = currentEarlyReads() {
            probeTask = early.probe
            return early.probe
        }
        let task = Task { GatewayReadiness(try await docker.run(.gatewayProbe)).isReady }
        probeTask = task
        return task
    }

    private func startGatewayConfig(
        _ key: GatewayKey, _ docker: any DockerRunning, _ openclawVersion: String
    ) -> Task<GatewayConfig, any Error> {
        if let gateway, gateway.key == key { return gateway.task }
        let read = configRead(openclawVersion)
        if let ahead {
            self.ahead = nil
            let task = Task { [time] in
                if let config = try? await ahead.value, config.entrypointLeavesAsIs { return config }
                return try await read.read(docker, time)
            }
            gateway = (key, task)
            return task
        }
        if gateway == nil, let early = currentEarlyReads() {
            self.early = nil
            // The probe started beside it is the current one too, whichever is asked first.
            if probeTask == nil { probeTask = early.probe }
            gateway = (key, early.config)
            return early.config
        }
        let task = Task { [time] in try await read.read(docker, time) }
        gateway = (key, task)
        return task
    }

    /// The bytes of `.env` and `compose.yaml` (empty when absent): what Compose hashes.
    /// What `compose config --hash` depends on: compose.yaml, and the `.env` values it
    /// interpolates (compose.yaml has no `env_file`, so no other `.env` line reaches a
    /// service). A change to another `.env` line (the operator email, say) keeps the hashes
    /// read. Where `.env` cannot be read as plain assignments (a `$` in a value, a line
    /// compose refuses), the whole file is the key.
    private func stackFilesKey() -> Data {
        let compose = FileManager.default.contents(atPath: directory.file("compose.yaml")) ?? Data()
        var key = Data()
        key.append(contentsOf: withUnsafeBytes(of: UInt64(compose.count).bigEndian) { Array($0) })
        key.append(compose)
        let raw = FileManager.default.contents(atPath: directory.envFile) ?? Data()
        guard let env = try? DotEnvFile.read(from: directory.envFile), env.refusal == nil,
            !env.writtenValues.values.contains(where: { $0.contains("$") })
        else {
            key.append(0)
            key.append(raw)
            return key
        }
        let values = env.values
        for name in Self.interpolated(String(decoding: compose, as: UTF8.self)) {
            key.append(1)
            key.append(Data(name.utf8))
            if let value = values[name] {
                key.append(Data(("=" + value).utf8))
            }
            key.append(0)
        }
        return key
    }

    /// The variable names a compose file refers to (`ComposeTemplate.names`), sorted.
    static func interpolated(_ text: String) -> [String] {
        ComposeTemplate.names(in: text).sorted()
    }
}
