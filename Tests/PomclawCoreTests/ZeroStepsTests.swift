import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct ZeroStepsTests {
    static let keys = ClusterSSHKeys(
        userCA: Secret("-----BEGIN OPENSSH PRIVATE KEY-----\nCA\n-----END OPENSSH PRIVATE KEY-----\n"),
        hostKeys: ["ed", "rsa", "ecdsa"].map { Secret("-----BEGIN OPENSSH PRIVATE KEY-----\n\($0)\n-----END OPENSSH PRIVATE KEY-----\n") })

    let settingsStep = ClusterSettingsStep { _ in ZeroStepsTests.keys }
    var steps: [any Step] { [settingsStep, PolicyStep(), RouteStep.ssh, RouteStep.web] }

    @Test func freshClusterGetsExactlyTheOriginalObjects() async throws {
        let store = ZeroStore()
        let report = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        #expect(report.exitCode == 0)
        let state = store.state.withLock { $0 }
        #expect(state.settings["sshAddress"] == "0.0.0.0:22")
        #expect(state.settings["sshHostKeys"]?.arrayValue?.count == 3)
        #expect(state.settings["sshUserCaKey"]?.stringValue?.hasSuffix("-----END OPENSSH PRIVATE KEY-----") == true)
        #expect(state.settings["jwtClaimsHeaders"] == ["x-pomerium-claim-email": "email"])
        #expect(state.settings["databrokerStorageConnection"] == "file:///var/lib/pomerium")
        #expect(state.policies.count == 1)
        let policy = state.policies[0]
        #expect(policy["ppl"] == ["allow": ["or": [["email": ["is": "ops@example.com"]]]]])
        #expect(policy["enforced"] == false)
        #expect(policy["namespaceId"] == "bNamespace")
        #expect(state.routes.count == 2)
        let web = try #require(state.routes.first { $0["from"] == "https://openclaw.trusted-dog-1049.pomerium.app" })
        #expect(web["to"] == ["http://openclaw-gateway:18789"])
        #expect(web["allowWebsockets"] == true)
        #expect(web["policyIds"] == [policy["id"]!])
        #expect(web["setRequestHeaders"] == ["x-openclaw-scopes": "operator.admin"])
        #expect(web["passIdentityHeaders"] == true)
        for name in ZeroDesiredState.routeBooleans where name != "allowWebsockets" {
            #expect(web[name] == false, "\(name)")
        }
        let ssh = try #require(state.routes.first { $0["from"] == "ssh://openclaw" })
        #expect(ssh["to"] == ["ssh://openclaw-gateway:22"])
        #expect(ssh["allowWebsockets"] == false)
        #expect(ssh["name"] == "openclaw-ssh")
    }

    @Test func convergedRerunWritesNothing() async {
        let store = ZeroStore()
        _ = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        let writes = store.writes
        let report = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        #expect(report.steps.allSatisfy { if case .alreadyDone = $0.outcome { true } else { false } })
        #expect(store.writes == writes)
    }

    @Test func changedEmailIsAddedAndConsoleEmailsStay() async throws {
        let store = ZeroStore()
        _ = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        store.state.withLock { state in
            state.policies[0]["ppl"] = ["allow": ["or": [["email": ["is": "ops@example.com"]], ["email": ["is": "friend@example.com"]]]]]
        }
        var settings = Settings.example
        settings.operatorEmail = "new@example.com"
        let report = await Runner(steps).run(.fake(directory: store.directory.path, settings: settings, zero: store.api))
        #expect(report.exitCode == 0)
        let emails = store.state.withLock { $0.policies[0]["ppl"]?.objectValue?["allow"]?.objectValue?["or"]?.arrayValue ?? [] }
        #expect(emails.compactMap { $0.objectValue?["email"]?.objectValue?["is"]?.stringValue } == ["ops@example.com", "friend@example.com", "new@example.com"])
        #expect(store.writes.last?.hasPrefix("PUT policy") == true)
    }

    @Test func driftedRouteIsRepairedKeepingConsoleHeadersAndNamingWhatItDoesNotCarry() async throws {
        let store = ZeroStore()
        _ = await Runner(steps).run(.fake(directory: store.directory.path, zero: store.api))
        store.state.withLock { state in
            let index = state.routes.firstIndex { $0["name"] == "openclaw-web" }!
            state.routes[index]["allowWebsockets"] = false
            state.routes[index]["timeout"] = "60s"
            state.routes[index]["to"] = ["http://old-gateway:1"]
            state.routes[index]["setRequestHeaders"] = ["x-extra": "1"]
        }
        let context = Context.fake(directory: store.directory.path, zero: store.api)
        let check = try await RouteStep.web.check(context)
        guard case .changes(let plan) = check else {
            Issue.record("expected changes, got \(check)")
            return
        }
        #expect(plan.changes.contains { $0.contains("allowWebsockets → true") })
        #expect(plan.changes.contains { $0.hasSuffix("to [http://old-gateway:1] → [http://openclaw-gateway:18789]") })
        #expect(plan.changes.contains { $0.contains("does not carry timeout") })
        let report = await Runner([RouteStep.web]).run(.fake(directory: store.directory.path, zero: store.api))
        #expect(report.exitCode == 0)
        let web = store.state.withLock { $0.routes.first { $0["name"] == "openclaw-web" }! }
        #expect(web["allowWebsockets"] == true)
        // A PUT carries the writable fields only (zero-api-audit.md §7 R4).
        #expect(web["timeout"] == nil)
        #expect(web["to"] == ["http://openclaw-gateway:18789"])
        #expect(web["setRequestHeaders"] == ["x-extra": "1", "x-openclaw-scopes": "operator.admin"])
    }

    @Test func foreignSSHKeysNeedConfirmation() async throws {
        let store = ZeroStore()
        store.state.withLock {
            $0.settings = [
                "sshUserCaKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nother\n-----END OPENSSH PRIVATE KEY-----\n",
                "jwtClaimsHeaders": ["x-team": "groups"],
            ]
        }
        let check = try await settingsStep.check(.fake(directory: store.directory.path, zero: store.api))
        guard case .changes(let plan) = check else {
            Issue.record("expected changes")
            return
        }
        #expect(plan.confirmation?.contains("different SSH user CA key") == true)
        let blocked = await Runner([settingsStep]).run(.fake(directory: store.directory.path, zero: store.api))
        #expect(blocked.exitCode == 1)
        #expect(store.writes.isEmpty)

        let accepted = await Runner([settingsStep]).run(.fake(directory: store.directory.path, options: RunOptions(assumeYes: true), zero: store.api))
        #expect(accepted.exitCode == 0, "\(accepted)")
        let headers = store.state.withLock { $0.settings["jwtClaimsHeaders"] }
        #expect(headers == ["x-team": "groups", "x-pomerium-claim-email": "email"])
        // The whole map at the top-level path, merged: never a nested pointer.
        let claims = store.state.withLock { $0.patches[0].first { $0.path.hasPrefix("/jwtClaimsHeaders") } }
        #expect(claims == JSONPatchOperation(.add, "/jwtClaimsHeaders", ["x-team": "groups", "x-pomerium-claim-email": "email"]))
    }

    @Test func onlyDifferingSettingsArePatched() async throws {
        let store = ZeroStore()
        store.state.withLock {
            $0.settings = ["sshAddress": "0.0.0.0:22", "databrokerStorageConnection": "file:///var/lib/pomerium", "autoApplyChangesets": true]
        }
        _ = await Runner([settingsStep]).run(.fake(directory: store.directory.path, zero: store.api))
        let paths = store.state.withLock { $0.patches[0].map(\.path) }
        #expect(paths == ["/sshHostKeys", "/sshUserCaKey", "/jwtClaimsHeaders"])
    }

    @Test func aCustomPolicyIsNotRewritten() async throws {
        let store = ZeroStore()
        store.state.withLock {
            $0.policies = [["id": "bP", "name": "openclaw users", "ppl": ["allow": ["and": [["domain": ["is": "example.com"]]]]]]]
        }
        let check = try await PolicyStep().check(.fake(directory: store.directory.path, zero: store.api))
        guard case .blocked(let error) = check else {
            Issue.record("expected blocked, got \(check)")
            return
        }
        #expect(error.nextAction.contains("Pomerium Zero console"))
    }

    @Test func aLostCreateResponseIsAdoptedNotDuplicated() async throws {
        let store = ZeroStore()
        store.api.update { handlers in
            handlers.createPolicy = { _, body in
                store.state.withLock { state in
                    state.writes.append("POST policy")
                    var object = body
                    object["id"] = "bLost"
                    state.policies.append(object)
                }
                throw ZeroAPIError(call: "POST /organizations/bOrg/policies", kind: .transport("timed out"), isRetryable: true, nextAction: "retry")
            }
        }
        let time = FakeTimekeeper()
        let report = await Runner([PolicyStep()]).run(.fake(directory: store.directory.path, zero: store.api, time: time))
        #expect(report.exitCode == 0)
        #expect(store.writes == ["POST policy"])
        #expect(store.state.withLock { $0.policies.count } == 1)
        #expect(time.sleeps.count == 1)
    }

    @Test func dryRunBeforeKeysExistPlansEverything() async {
        let store = ZeroStore()
        let step = ClusterSettingsStep { _ in nil }
        let report = await Runner([step, PolicyStep(), RouteStep.ssh, RouteStep.web])
            .run(.fake(directory: store.directory.path, options: RunOptions(dryRun: true), zero: store.api))
        #expect(report.exitCode == 2)
        #expect(store.writes.isEmpty)
        #expect(report.steps.allSatisfy { if case .wouldChange = $0.outcome { true } else { false } })
    }
}
