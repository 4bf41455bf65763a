import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The posix_spawn process runner against real programs.
@Suite struct SpawnProcessRunnerTests {
    let runner = SpawnProcessRunner(terminationGrace: .milliseconds(500))
    let environment = ["PATH": "/usr/bin:/bin"]

    @Test func statusAndOutputsAreReturned() async throws {
        let result = try await runner.run(
            ProcessRequest(["/bin/sh", "-c", "echo out; echo err >&2; exit 7"], environment: environment), onLine: nil)

        #expect(result.status == 7)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }

    @Test func aChildKilledByASignalReports128PlusTheSignal() async throws {
        let result = try await runner.run(ProcessRequest(["/bin/sh", "-c", "kill -9 $$"], environment: environment), onLine: nil)

        #expect(result.status == 128 + SIGKILL)
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let result = try await runner.run(
            ProcessRequest(["/usr/bin/env"], environment: ["ONLY": "this one", "PATH": "/bin"]), onLine: nil)

        #expect(result.stdout.split(separator: "\n").sorted() == ["ONLY=this one", "PATH=/bin"])
    }

    @Test func theWorkingDirectoryIsTheOneGiven() async throws {
        let directory = try TemporaryDirectory("pomclaw-cwd")
        defer { directory.remove() }

        let result = try await runner.run(
            ProcessRequest(["/bin/pwd"], environment: environment, directory: directory.path), onLine: nil)

        #expect(result.stdout == directory.path + "\n")
    }

    @Test func stdinIsDevNullWhenNoInputIsGiven() async throws {
        let result = try await runner.run(ProcessRequest(["/bin/cat"], environment: environment), onLine: nil)

        #expect(result.status == 0)
        #expect(result.stdout == "")
    }

    @Test func aChildThatIgnoresItsStdinDoesNotHurtPomclaw() async throws {
        // Exits at once while megabytes wait to be written: EPIPE, never a SIGPIPE here.
        let input = Secret(String(repeating: "x", count: 4 * 1024 * 1024))

        let result = try await runner.run(ProcessRequest(["/bin/true"], environment: environment, input: input), onLine: nil)

        #expect(result.status == 0)
    }

    @Test func aMissingProgramCannotStart() async throws {
        await #expect(throws: ProcessStartError(program: "/nonexistent/docker", reason: "No such file or directory")) {
            try await runner.run(ProcessRequest(["/nonexistent/docker", "ps"], environment: environment), onLine: nil)
        }
    }

    @Test func aMissingDirectoryIsNamed() async throws {
        await #expect(throws: ProcessStartError(program: "/bin/true", reason: "the directory /nonexistent/dir does not exist")) {
            try await runner.run(ProcessRequest(["/bin/true"], environment: environment, directory: "/nonexistent/dir"), onLine: nil)
        }
    }

    @Test func aNulInAnArgumentIsRefusedNotCutShort() async throws {
        await #expect(throws: ProcessStartError.self) {
            try await runner.run(ProcessRequest(["/bin/echo", "a\u{0}b"], environment: environment), onLine: nil)
        }
    }

    @Test func aGrandchildHoldingThePipeDoesNotHoldUpTheResult() async throws {
        let result = try await runner.run(
            ProcessRequest(["/bin/sh", "-c", "sleep 30 & echo started"], environment: environment), onLine: nil)

        #expect(result.stdout == "started\n")
        // Measured from spawn to reap on the runner's own threads: resuming the test's task
        // may wait for a busy concurrency pool when the whole suite runs.
        #expect(result.duration < .seconds(10))
    }

    @Test func aCancelledTaskNeverStartsTheChild() async throws {
        let directory = try TemporaryDirectory("pomclaw-never")
        defer { directory.remove() }
        let marker = directory.file("ran")
        let runner = self.runner
        let environment = self.environment
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await runner.run(ProcessRequest(["/usr/bin/touch", marker], environment: environment), onLine: nil)
        }

        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func oneSpawnCostsLittle() async throws {
        let count = 50
        var total = Duration.zero
        for _ in 0..<count {
            total += try await runner.run(ProcessRequest(["/bin/true"], environment: environment), onLine: nil).duration
        }
        // About 2 ms each on an idle machine; the bound leaves room for a loaded one.
        #expect(total / count < .milliseconds(200))
    }
}
