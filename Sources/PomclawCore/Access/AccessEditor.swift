/// A change to who may reach OpenClaw.
public enum AccessChange: Sendable, Equatable {
    case add(String)
    case remove(String)
}

/// What an access change would do to the "openclaw users" policy.
public enum AccessPlan: Sendable, Equatable {
    /// Nothing to do; the text says why (already allowed, not allowed).
    case unchanged(String)
    /// PUT this full body (the policy's writable fields as read, only the allow-list changed).
    case update(policyID: String, body: JSONObject, summary: String, locksEveryoneOut: Bool)
}

/// Reads and edits the allow-list of the "openclaw users" policy through the Zero API. Only
/// the PPL's `allow.or` email criteria change; the policy's other writable fields and rules are
/// sent back as read (`ZeroPolicy.updateBody`).
///
/// `OPERATOR_EMAIL` stays coherent: `pomclaw install` adds it back on every run, so removing it
/// is refused while it is the operator email; the way to hand over is
/// `pomclaw install --operator-email NEW`, then `pomclaw access remove OLD`.
public enum AccessEditor {
    /// The allowed emails, lowercased, in the policy's order.
    public static func emails(_ context: Context) async throws -> [String] {
        PolicyPPL.emailList(try await policy(context).ppl)
    }

    /// The change as it would be applied; throws for an invalid email, a missing policy, a PPL
    /// pomclaw cannot edit, or the removal of the operator email.
    public static func plan(_ change: AccessChange, operatorEmail: String?, _ context: Context) async throws -> AccessPlan {
        let policy = try await policy(context)
        let policyID = policy.id ?? ""
        let ppl = policy.ppl
        let name = ZeroDesiredState.policyName
        let namespaceID = try await context.zeroSession.cluster().namespaceID
        func with(_ ppl: JSONValue) -> JSONObject { policy.updateBody(ppl: ppl, namespaceID: namespaceID) }
        switch change {
        case .add(let raw):
            let email = try validated(raw)
            if PolicyPPL.allows(ppl, email: email) {
                return .unchanged("\(email) may already reach OpenClaw; nothing changed.")
            }
            guard let updated = PolicyPPL.adding(email: email, to: ppl) else {
                throw customPPL("add \(email) to")
            }
            return .update(policyID: policyID, body: with(updated), summary: "added \(email) to policy '\(name)'", locksEveryoneOut: false)
        case .remove(let raw):
            let email = try validated(raw)
            guard PolicyPPL.allows(ppl, email: email) else {
                return .unchanged("\(email) is not in policy '\(name)'; nothing changed.")
            }
            if let operatorEmail, operatorEmail.lowercased() == email.lowercased() {
                throw PomclawError(
                    "\(email) is OPERATOR_EMAIL in .env, and pomclaw install adds it back to the policy on every run, "
                        + "so it is not removed.",
                    next: "To hand over, run `pomclaw install --operator-email NEW@EXAMPLE.COM` (it allows the new "
                        + "address and records it in .env), then `pomclaw access remove \(email)`.")
            }
            guard let updated = PolicyPPL.removing(email: email, from: ppl) else {
                throw customPPL("remove \(email) from")
            }
            return .update(
                policyID: policyID, body: with(updated), summary: "removed \(email) from policy '\(name)'",
                locksEveryoneOut: !PolicyPPL.grantsAnyone(updated))
        }
    }

    /// PUTs the planned body, then reads the policy back to check the change took.
    public static func apply(_ plan: AccessPlan, change: AccessChange, _ context: Context) async throws {
        guard case .update(let policyID, let body, _, _) = plan else { return }
        let session = context.zeroSession
        let cluster = try await session.cluster()
        _ = try await context.zero.updatePolicy(organizationID: cluster.organizationID, id: policyID, body: body)
        await session.forgetPolicies()
        let allowed = PolicyPPL.emailList(try await policy(context).ppl)
        let (email, wanted) = switch change {
        case .add(let email): (email.lowercased(), true)
        case .remove(let email): (email.lowercased(), false)
        }
        guard allowed.contains(email) == wanted else {
            throw PomclawError(
                "Pomerium Zero accepted the policy update, but reading it back shows \(email) "
                    + (wanted ? "still missing." : "still allowed."),
                next: "Check policy '\(ZeroDesiredState.policyName)' in the Pomerium Zero console, then re-run the command.")
        }
    }

    /// The whole "openclaw users" policy, with a PPL pomclaw can read.
    static func policy(_ context: Context) async throws -> ZeroPolicy {
        guard let policy = try await PolicyStep.find(in: context.zeroSession), policy.id != nil else {
            throw PomclawError(
                "The cluster \(context.settings.clusterDomain) has no policy '\(ZeroDesiredState.policyName)'.",
                next: "Run pomclaw install first: it creates the policy allowing OPERATOR_EMAIL.")
        }
        guard policy.showsPPL else {
            throw PomclawError(
                "Pomerium Zero does not show the PPL of policy '\(ZeroDesiredState.policyName)', so pomclaw cannot read or edit its allow-list.",
                next: "Edit the policy in the Pomerium Zero console instead.")
        }
        return policy
    }

    static func validated(_ raw: String) throws -> String {
        do {
            return try InputValidation.email(raw)
        } catch {
            throw PomclawError(
                "EMAIL \(InputValidation.shown(raw)) is not an email address.",
                next: "Give the address the identity provider returns, e.g. friend@example.com.")
        }
    }

    private static func customPPL(_ what: String) -> PomclawError {
        PomclawError(
            "The policy '\(ZeroDesiredState.policyName)' has a custom PPL that pomclaw cannot edit safely, so it cannot \(what) it.",
            next: "Edit the policy in the Pomerium Zero console instead.")
    }
}
