/// The "openclaw users" policy: created if missing; if it exists but does not allow the
/// operator email, the email is added (emails added in the Console stay).
public struct PolicyStep: Step {
    public let id = "zero-policy"
    public let title = "Pomerium Zero policy"

    public init() {}

    public func check(_ context: Context) async throws -> CheckResult {
        let email = context.settings.operatorEmail
        guard let policy = try await Self.find(in: context.zeroSession) else {
            return .changes(Plan(["create policy '\(ZeroDesiredState.policyName)' allowing \(email)"], finding: .missing))
        }
        guard let ppl = policy.ppl else {
            return .done("'\(ZeroDesiredState.policyName)' exists, but the API does not show its PPL, so pomclaw cannot verify that it allows \(email)")
        }
        if PolicyPPL.allows(ppl, email: email) {
            return .done("'\(ZeroDesiredState.policyName)' allows \(email)")
        }
        guard PolicyPPL.adding(email: email, to: ppl) != nil else {
            return .blocked(Self.customPPL(email))
        }
        return .changes(Plan(["update policy '\(ZeroDesiredState.policyName)' to also allow \(email)"]))
    }

    public func apply(_ context: Context) async throws {
        let session = context.zeroSession
        let cluster = try await session.cluster()
        let email = context.settings.operatorEmail
        let org = cluster.organizationID
        if let policy = try await Self.find(in: session) {
            guard let id = policy.id, let ppl = PolicyPPL.adding(email: email, to: policy.ppl) else {
                throw Self.customPPL(email)
            }
            let body = policy.updateBody(ppl: ppl, namespaceID: cluster.namespaceID)
            let stored = try await context.zero.updatePolicy(organizationID: org, id: id, body: body)
            await session.adopt(policy: stored)
        } else {
            let body = ZeroDesiredState.newPolicy(namespaceID: cluster.namespaceID, email: email)
            let api = context.zero
            let stored = try await session.createAdopting(
                what: "policy '\(ZeroDesiredState.policyName)'",
                list: {
                    await session.forgetPolicies()
                    return try await session.policies().map(\.fields)
                },
                matches: { ZeroPolicy($0).name == ZeroDesiredState.policyName },
                create: { try await api.createPolicy(organizationID: org, body: body) })
            await session.adopt(policy: stored)
        }
        // The server's answer stands for the read-back when it shows the change; else read.
        if case .done = try await check(context) { return }
        await session.forgetPolicies()
    }

    /// The policy named "openclaw users" (the first, if the Console holds several), read whole
    /// with `GET …/policies/{id}`: a list item may be a summary.
    static func find(in session: ZeroSession) async throws -> ZeroPolicy? {
        guard let listed = try await session.policies().first(where: { $0.name == ZeroDesiredState.policyName }),
            let id = listed.id
        else { return nil }
        return try await session.policy(id: id)
    }

    private static func customPPL(_ email: String) -> PomclawError {
        PomclawError(
            "The policy '\(ZeroDesiredState.policyName)' has a custom PPL that pomclaw cannot extend safely, and it does not allow \(email).",
            next: "Add \(email) to the policy in the Pomerium Zero console, then run pomclaw again.")
    }
}
