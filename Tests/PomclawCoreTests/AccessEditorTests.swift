import PomclawTestSupport
import Testing

@testable import PomclawCore

/// The allow-list edits of `pomclaw access`: the PPL surgery, the plan, and the PUT.
@Suite struct AccessEditorTests {
    static let ppl: JSONValue = [
        "allow": ["or": [["email": ["is": "ops@example.com"]], ["email": ["in": ["A@example.com", "b@example.com"]]], ["domain": ["is": "corp.example"]]]],
        "deny": ["or": [["email": ["is": "banned@example.com"]]]],
    ]

    @Test func emailListKeepsThePolicyOrderLowercasedOnce() {
        #expect(PolicyPPL.emailList(Self.ppl) == ["ops@example.com", "a@example.com", "b@example.com"])
        #expect(PolicyPPL.emailList(.string(#"{"allow":{"or":[{"email":{"is":"x@example.com"}}]}}"#)) == ["x@example.com"])
    }

    @Test func removingTakesOnlyTheEmailAndKeepsEverythingElse() throws {
        let withoutA = try #require(PolicyPPL.removing(email: "a@EXAMPLE.com", from: Self.ppl))
        #expect(withoutA == [
            "allow": ["or": [["email": ["is": "ops@example.com"]], ["email": ["in": ["b@example.com"]]], ["domain": ["is": "corp.example"]]]],
            "deny": ["or": [["email": ["is": "banned@example.com"]]]],
        ])
        let withoutOps = try #require(PolicyPPL.removing(email: "ops@example.com", from: withoutA))
        let withoutB = try #require(PolicyPPL.removing(email: "b@example.com", from: withoutOps))
        #expect(withoutB == ["allow": ["or": [["domain": ["is": "corp.example"]]]], "deny": ["or": [["email": ["is": "banned@example.com"]]]]])
        #expect(PolicyPPL.grantsAnyone(withoutB))
        let only: JSONValue = ["allow": ["or": [["email": ["is": "ops@example.com"]]]]]
        let empty = try #require(PolicyPPL.removing(email: "ops@example.com", from: only))
        #expect(!PolicyPPL.grantsAnyone(empty))
    }

    @Test func anEmailInAShapePomclawDoesNotEditIsNotRemoved() {
        let nested: JSONValue = ["allow": ["or": [["email": ["is": "x@example.com"], "domain": ["is": "example.com"]]]]]
        #expect(PolicyPPL.removing(email: "x@example.com", from: nested) == JSONValue?.none)
    }

    static func store(ppl: JSONValue = ["allow": ["or": [["email": ["is": "ops@example.com"]]]]]) -> ZeroStore {
        let store = ZeroStore()
        store.state.withLock { state in
            state.policies = [[
                "id": "bPolicy", "name": "openclaw users", "namespaceId": "bNamespace", "description": "mine",
                "enforced": false, "ppl": ppl,
            ]]
        }
        return store
    }

    func context(_ store: ZeroStore) -> Context { .fake(directory: store.directory.path, zero: store.api) }

    @Test func addPutsTheFullBodyWithOnlyTheAllowListChangedAndIsANoOpTheSecondTime() async throws {
        let store = Self.store()
        let run = context(store)
        let plan = try await AccessEditor.plan(.add("Friend@example.com"), operatorEmail: "ops@example.com", run)
        try await AccessEditor.apply(plan, change: .add("Friend@example.com"), run)
        let policy = try #require(store.state.withLock { $0.policies.first })
        #expect(policy["description"] == "mine" && policy["enforced"] == false && policy["name"] == "openclaw users")
        #expect(policy["ppl"] == ["allow": ["or": [["email": ["is": "ops@example.com"]], ["email": ["is": "Friend@example.com"]]]]])
        let rerun = context(store)
        #expect(try await AccessEditor.emails(rerun) == ["ops@example.com", "friend@example.com"])
        let again = try await AccessEditor.plan(.add("friend@example.com"), operatorEmail: nil, rerun)
        #expect(again == .unchanged("friend@example.com may already reach OpenClaw; nothing changed."))
        await store.settle(run, rerun)
    }

    @Test func removeOfAnAbsentEmailIsANoOp() async throws {
        let store = Self.store()
        let run = context(store)
        let plan = try await AccessEditor.plan(.remove("nobody@example.com"), operatorEmail: nil, run)
        await store.settle(run)
        guard case .unchanged = plan else { Issue.record("\(plan)"); return }
    }

    @Test func removingTheOperatorEmailIsRefusedWithTheWayToHandOver() async throws {
        let store = Self.store(ppl: ["allow": ["or": [["email": ["is": "ops@example.com"]], ["email": ["is": "b@example.com"]]]]])
        let run = context(store)
        let error = await #expect(throws: PomclawError.self) {
            try await AccessEditor.plan(.remove("OPS@example.com"), operatorEmail: "ops@example.com", run)
        }
        await store.settle(run)
        #expect(error?.nextAction.contains("pomclaw install --operator-email") == true)
        #expect(store.writes.isEmpty)
    }

    @Test func removingTheLastEmailIsMarkedAsLockingEveryoneOut() async throws {
        let store = Self.store(ppl: ["allow": ["or": [["email": ["is": "b@example.com"]]]]])
        let run = context(store)
        let plan = try await AccessEditor.plan(.remove("b@example.com"), operatorEmail: "ops@example.com", run)
        await store.settle(run)
        guard case .update(_, let body, _, let locksEveryoneOut) = plan else { Issue.record("\(plan)"); return }
        #expect(locksEveryoneOut)
        #expect(body["ppl"] == ["allow": ["or": []]])
    }

    @Test func invalidEmailsAndAMissingPolicyAreReported() async throws {
        let store = Self.store()
        let run = context(store)
        await #expect(throws: PomclawError.self) {
            try await AccessEditor.plan(.add("not an email"), operatorEmail: nil, run)
        }
        let empty = ZeroStore()
        let emptyRun = context(empty)
        let error = await #expect(throws: PomclawError.self) {
            try await AccessEditor.plan(.add("a@example.com"), operatorEmail: nil, emptyRun)
        }
        await store.settle(run)
        await empty.settle(emptyRun)
        #expect(error?.nextAction.contains("pomclaw install") == true)
    }
}
