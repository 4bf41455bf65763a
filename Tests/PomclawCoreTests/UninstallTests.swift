import Foundation
import PomclawTestSupport
import Testing

@testable import PomclawCore

/// `pomclaw uninstall`'s survey and executor over the stateful fake Zero: what is found, the
/// order of the deletes, and what each item ends as.
@Suite struct UninstallTests {
    /// A store holding what a converged install pushed, with deletes wired to it.
    static func installed(failing: Set<String> = []) async -> ZeroStore {
        let store = ZeroStore()
        let steps: [any Step] = [ClusterSettingsStep { _ in ZeroStepsTests.keys }, PolicyStep(), RouteStep.ssh, RouteStep.web]
        _ = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        store.allowDeletes(failing: failing)
        return store
    }

    func context(_ store: ZeroStore, docker: FakeDocker = FakeDocker()) -> Context {
        .fake(directory: store.directory.path, zero: store.api, docker: docker)
    }

    @Test func removesRoutesThenPolicyAndASecondRunFindsEverythingAbsent() async throws {
        let store = await Self.installed()
        let run = context(store)
        let items = try await UninstallSurvey.items(run, options: UninstallOptions())
        #expect(items.map(\.name) == [
            "stack", "web route https://openclaw.trusted-dog-1049.pomerium.app", "SSH route ssh://openclaw",
            "policy 'openclaw users'", "cluster SSH settings", "local keys and data",
        ])
        #expect(items.map(\.isPresent) == [false, true, true, true, false, false])
        let results = await UninstallExecutor.run(items, run)
        #expect(results.map(\.outcome) == [.alreadyAbsent, .removed, .removed, .removed, .kept, .kept])
        #expect(UninstallResult.exitCode(results) == 0)
        let deletes = store.writes.filter { $0.hasPrefix("DELETE") }
        #expect(deletes.count == 3 && deletes.last?.hasPrefix("DELETE policy") == true, "\(deletes)")
        #expect(store.state.withLock { $0.routes.isEmpty && $0.policies.isEmpty })

        let rerun = context(store)
        let again = try await UninstallSurvey.items(rerun, options: UninstallOptions())
        let second = await UninstallExecutor.run(again, rerun)
        #expect(second.allSatisfy { $0.outcome == .alreadyAbsent || $0.outcome == .kept })
        #expect(UninstallResult.exitCode(second) == 0)
        #expect(store.writes.filter { $0.hasPrefix("DELETE") }.count == 3)
        await store.settle(run, rerun)
    }

    @Test func aRouteThatCannotBeDeletedKeepsThePolicyAndFailsTheRun() async throws {
        let store = await Self.installed()
        let webID = try #require(store.state.withLock { $0.routes.first { $0["from"]?.stringValue?.hasPrefix("https") == true }?["id"]?.stringValue })
        store.allowDeletes(failing: [webID])
        let run = context(store)
        let items = try await UninstallSurvey.items(run, options: UninstallOptions())
        let results = await UninstallExecutor.run(items, run)
        #expect(results.map(\.outcome) == [.alreadyAbsent, .failed, .removed, .failed, .kept, .kept])
        #expect(results[1].detail.contains("HTTP 500"), "\(results[1].detail)")
        #expect(results[3].detail.contains("still references it"), "\(results[3].detail)")
        #expect(UninstallResult.exitCode(results) == 1)
        #expect(store.state.withLock { $0.policies.count == 1 && $0.routes.count == 1 })

        store.allowDeletes()
        let rerun = context(store)
        let rest = await UninstallExecutor.run(try await UninstallSurvey.items(rerun, options: UninstallOptions()), rerun)
        #expect(rest.map(\.outcome) == [.alreadyAbsent, .removed, .alreadyAbsent, .removed, .kept, .kept])
        await store.settle(run, rerun)
    }

    @Test func aDeleteAnswered404CountsAsAlreadyAbsent() async throws {
        let store = await Self.installed()
        let run = context(store)
        let items = try await UninstallSurvey.items(run, options: UninstallOptions())
        store.state.withLock { $0.routes.removeAll { $0["from"] == "ssh://openclaw" } }
        let results = await UninstallExecutor.run(items, run)
        #expect(results[2].outcome == .alreadyAbsent && results[2].detail.contains("deleted meanwhile"))
        #expect(UninstallResult.exitCode(results) == 0)
        await store.settle(run)
    }

    @Test func aPolicyOtherRoutesUseIsLeftAndReported() async throws {
        let store = await Self.installed()
        store.state.withLock { state in
            let policyID = state.policies[0]["id"]!
            state.routes.append(["id": "bGrafana", "name": "grafana", "from": "https://grafana.example.com", "policyIds": [policyID]])
        }
        let run = context(store)
        let items = try await UninstallSurvey.items(run, options: UninstallOptions())
        guard case .blocked(let why) = items[3].state else {
            Issue.record("policy not blocked: \(items[3])")
            return
        }
        #expect(why.contains("'grafana'"))
        let results = await UninstallExecutor.run(items, run)
        #expect(results[3].outcome == .failed)
        #expect(!store.writes.contains { $0.hasPrefix("DELETE policy") })
        #expect(store.state.withLock { $0.routes.compactMap { $0["name"]?.stringValue } } == ["grafana"])
        await store.settle(run)
    }

    @Test func clearClusterSSHClearsTheKeysPomclawPushedAndForgetsThePush() async throws {
        let store = await Self.installed()
        #expect(InstallState.read(InstallDirectory(store.directory.path)).clusters[ZeroStore.cluster.id] != nil)
        let run = context(store)
        let items = try await UninstallSurvey.items(run, options: UninstallOptions(clearClusterSSH: true))
        #expect(items[4].isPresent, "\(items[4])")
        let results = await UninstallExecutor.run(items, run)
        #expect(results[4].outcome == .removed, "\(results[4])")
        let settings = store.state.withLock { $0.settings }
        #expect(settings["sshHostKeys"] == .array([]))
        #expect(settings["sshUserCaKey"] == "")
        #expect(settings["jwtClaimsHeaders"] == ["x-pomerium-claim-email": "email"])
        #expect(settings["databrokerStorageConnection"] == "file:///var/lib/pomerium")
        // Top-level `add` only, the one operation a working client sends; sshAddress stays.
        #expect(store.state.withLock { $0.patches.last } == [
            JSONPatchOperation(.add, "/sshHostKeys", .array([])), JSONPatchOperation(.add, "/sshUserCaKey", ""),
        ])
        #expect(settings["sshAddress"] == "0.0.0.0:22")
        let record = InstallState.read(InstallDirectory(store.directory.path)).clusters[ZeroStore.cluster.id]
        #expect(record?.sshKeysSHA256 == nil)
        #expect(record?.settingsSHA256?.keys.sorted() == ["databrokerStorageConnection", "jwtClaimsHeaders", "sshAddress"])
        await store.settle(run)
    }

    @Test func stackDownAndPurgeOnlyAfterTheStackStopped() async throws {
        let store = await Self.installed()
        let directory = store.directory
        try Data("services: {}\n".utf8).write(to: URL(fileURLWithPath: directory.file("compose.yaml")))
        for path in ["keys", "openclaw-data/config"] {
            try FileManager.default.createDirectory(atPath: directory.file(path), withIntermediateDirectories: true)
        }
        let stopped = Recorder<Bool>()
        let docker = FakeDocker { command in
            switch command.arguments {
            case ["ps", "-a", "-q"]: DockerResult(stdout: "abc\ndef\n")
            case ["down", "--volumes"]: DockerResult(status: stopped.values.isEmpty ? 1 : 0, stderr: "boom")
            default: nil
            }
        }
        let options = UninstallOptions(volumes: true, purge: true)
        let run = context(store, docker: docker)
        let items = try await UninstallSurvey.items(run, options: options)
        #expect(items[0].isPresent && items[5].isPresent)
        let failed = await UninstallExecutor.run(items, run)
        #expect(failed[0].outcome == .failed && failed[5].outcome == .failed, "\(failed)")
        #expect(FileManager.default.fileExists(atPath: directory.file("openclaw-data")))

        stopped.append(true)
        let rerun = context(store, docker: docker)
        let items2 = try await UninstallSurvey.items(rerun, options: options)
        let done = await UninstallExecutor.run(items2, rerun)
        #expect(done[0].outcome == .removed && done[5].outcome == .removed, "\(done)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("openclaw-data")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("keys")))
        #expect(FileManager.default.fileExists(atPath: directory.file("compose.yaml")))
        await store.settle(run, rerun)
    }
}

/// Which cluster SSH settings count as pomclaw's.
@Suite struct ClusterSSHClearingTests {
    let keys = ZeroStepsTests.keys
    var pushed: JSONObject {
        [
            "sshAddress": "0.0.0.0:22", "sshUserCaKey": .string(keys.userCA.value),
            "sshHostKeys": .array(keys.hostKeys.map { .string($0.value) }),
        ]
    }

    func state(_ current: JSONObject, local: ClusterSSHKeys?, recorded: String?) -> UninstallItem.State {
        ClusterSSHClearing.item(current: current, local: local, recorded: recorded, clusterID: "c").state
    }

    @Test func theLocalKeysOrTheRecordedPushMakeThemPomclaws() {
        guard case .present(let why) = state(pushed, local: keys, recorded: nil) else { Issue.record("not present"); return }
        #expect(why.contains("keys/"))
        guard case .present(let recorded) = state(pushed, local: nil, recorded: keys.fingerprint) else { Issue.record("not present"); return }
        #expect(recorded.contains("pomclaw pushed"))
    }

    @Test func otherKeysAreKept() {
        var other = pushed
        other["sshUserCaKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----\nsomeone else\n-----END OPENSSH PRIVATE KEY-----"
        guard case .kept(let why) = state(other, local: keys, recorded: keys.fingerprint) else { Issue.record("not kept"); return }
        #expect(why.contains("another setup"))
    }

    @Test func hiddenKeysCountAsPomclawsOnlyWithARecord() {
        let hidden: JSONObject = ["sshAddress": "0.0.0.0:22"]
        if case .present = state(hidden, local: keys, recorded: "anything") {} else { Issue.record("recorded push not cleared") }
        guard case .kept(let why) = state(hidden, local: keys, recorded: nil) else { Issue.record("not kept"); return }
        #expect(why.contains("cannot tell"))
        if case .absent = state([:], local: keys, recorded: nil) {} else { Issue.record("empty settings not absent") }
    }

    @Test func aForeignAddressStaysWhenTheKeysGo() {
        var current = pushed
        current["sshAddress"] = "0.0.0.0:2222"
        let item = ClusterSSHClearing.item(current: current, local: keys, recorded: nil, clusterID: "c")
        guard case .clusterSSH(_, let operations)? = item.target else { Issue.record("no operations"); return }
        #expect(operations.map(\.path) == ["/sshHostKeys", "/sshUserCaKey"])
    }
}

extension ZeroStore {
    /// Waits for the reads a session starts in the background, so none outlives the store.
    func settle(_ contexts: Context...) async {
        for context in contexts {
            _ = try? await context.zeroSession.settings()
            _ = try? await context.zeroSession.policies()
            _ = try? await context.zeroSession.routes()
        }
        withExtendedLifetime(self) {}
    }

    /// Wires DELETE for routes and policies; ids in `failing` answer 500 (after retries), an
    /// unknown id 404.
    func allowDeletes(failing: Set<String> = []) {
        api.update { [unowned self] handlers in
            handlers.deleteRoute = { _, id in try self.delete("route", id, failing) }
            handlers.deletePolicy = { _, id in try self.delete("policy", id, failing) }
        }
    }

    private func delete(_ kind: String, _ id: String, _ failing: Set<String>) throws {
        let call = "DELETE /organizations/bOrg/\(kind == "route" ? "routes" : "policies")/\(id)"
        if failing.contains(id) {
            throw ZeroAPIError(call: call, kind: .status(500), attempts: 5, isRetryable: true, nextAction: "Try again later.")
        }
        try state.withLock { state in
            let found: Bool
            if kind == "route" {
                found = state.routes.contains { $0["id"]?.stringValue == id }
                state.routes.removeAll { $0["id"]?.stringValue == id }
            } else {
                found = state.policies.contains { $0["id"]?.stringValue == id }
                state.policies.removeAll { $0["id"]?.stringValue == id }
            }
            guard found else { throw ZeroAPIError(call: call, kind: .status(404), nextAction: "") }
            state.writes.append("DELETE \(kind) \(id)")
        }
    }
}
