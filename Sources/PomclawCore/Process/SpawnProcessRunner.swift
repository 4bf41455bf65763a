import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real process port: `posix_spawn`, pipes for stdin, stdout and stderr, and two threads
/// per child (one blocked until it exits, one pumping its output), so neither the Swift
/// concurrency pool nor a full pipe can stall a run.
///
/// Foundation's `Process` is not used: its child monitor can stall once a long-running child
/// (a daemon) exists.
public struct SpawnProcessRunner: ProcessRunning {
    /// How long a cancelled child has between SIGTERM and SIGKILL.
    public let terminationGrace: Duration

    public init(terminationGrace: Duration = .seconds(3)) {
        self.terminationGrace = terminationGrace
    }

    public func run(_ request: ProcessRequest, onLine: (@Sendable (String) -> Void)?) async throws -> ProcessResult {
        try Task.checkCancellation()
        let control = try ChildControl()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                do {
                    try start(request, control: control, onLine: onLine) { continuation.resume(with: $0) }
                } catch {
                    control.close()
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            control.cancel()
        }
    }

    /// Spawns the child and the threads that see it through; `finished` gets the result (or
    /// `CancellationError`) once the child is reaped.
    private func start(
        _ request: ProcessRequest, control: ChildControl, onLine: (@Sendable (String) -> Void)?,
        finished: @escaping @Sendable (Result<ProcessResult, any Error>) -> Void
    ) throws {
        let program = request.argv.first ?? ""
        let stdout = try PipePair(program: program)
        let stderr: PipePair
        do { stderr = try PipePair(program: program) } catch {
            PipePair.close(stdout.read, stdout.write)
            throw error
        }
        var stdin = (read: Int32(-1), write: Int32(-1))
        if request.input != nil {
            do {
                let pair = try PipePair(program: program)
                stdin = (pair.read, pair.write)
            } catch {
                PipePair.close(stdout.read, stdout.write, stderr.read, stderr.write)
                throw error
            }
        }

        let clock = ContinuousClock()
        let startedAt = clock.now
        let pid: pid_t
        do {
            guard !control.isCancelled else { throw CancellationError() }
            pid = try Spawn.start(
                request.argv, environment: request.environment, directory: request.directory,
                stdin: request.input == nil ? nil : stdin.read, stdout: stdout.write, stderr: stderr.write)
        } catch {
            PipePair.close(stdout.read, stdout.write, stderr.read, stderr.write, stdin.read, stdin.write)
            throw error
        }
        // The child has its own copies; ours must go, or the reads never see end-of-file.
        PipePair.close(stdout.write, stderr.write, stdin.read)
        control.started(pid)

        let waiter = Thread { control.waitForExit() }
        waiter.name = "pomclaw-wait-\(pid)"
        waiter.start()

        let input = Array((request.input?.value ?? "").utf8)
        let stdinWrite = stdin.write
        let grace = terminationGrace
        let pump = Thread {
            var pump = OutputPump(
                control: control, stdout: stdout.read, stderr: stderr.read, stdin: stdinWrite, input: input,
                grace: grace, onLine: onLine)
            let (out, err) = pump.run()
            let status = control.reap()
            let duration = clock.now - startedAt
            let cancelled = control.isCancelled
            control.close()
            if cancelled {
                finished(.failure(CancellationError()))
            } else {
                finished(.success(ProcessResult(
                    status: status, stdout: String(decoding: out, as: UTF8.self),
                    stderr: String(decoding: err, as: UTF8.self), duration: duration)))
            }
        }
        pump.name = "pomclaw-pump-\(pid)"
        pump.start()
    }
}
