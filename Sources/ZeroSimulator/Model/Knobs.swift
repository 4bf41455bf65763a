/// Behaviours of the real API that no source settles, as switches (zero-api.md §11,
/// zero-api-audit.md §5 and §7). Each says where the answers it offers come from.
///
/// The defaults are the `friendly` profile: the answers the documentation and zero-api.md
/// describe. `Knobs.observed` and `Knobs.strict` (Knobs+Profiles.swift) are the profiles the
/// tests run under.
public struct Knobs: Sendable, Equatable {
    /// How error bodies are written.
    public enum ErrorStyle: Sendable, Equatable {
        /// `{"error": "<message>"}` (zero-api.md §8: every published Zero schema).
        case errorField
        /// `{"message": "<message>"}` (zero-api.md §11, a fallback to test).
        case messageField
        /// The bare message as `text/plain` (zero-api.md §11, a fallback to test).
        case plainText
    }

    /// How `GET …/settings` shows a secret field the client wrote.
    public enum SettingsDisplay: Sendable, Equatable {
        /// As stored (what zero-api.md §5 assumed; no client has read it back).
        case echoed
        /// Each non-empty string replaced by `********` (zero-api-audit.md §7 R1: plausible,
        /// the way APIs often show secrets).
        case masked
        /// Left out of the answer (zero-api-audit.md §7 R1; zero-api.md §10 #10).
        case omitted
    }

    /// How routes show their attached policies.
    public enum PolicyReferences: Sendable, Equatable {
        /// `policyIds` and `policies: [{id, name}]` (zero-api.md §7.1, documented shape).
        case both
        /// `policies: [{id, name}]` only, no `policyIds` (Terraform provider 9c791ca: "the API
        /// may return [policy ids] as 'policyIds' … or as 'policies'"; observed).
        case policiesObjectsOnly
    }

    /// Seconds every request waits before it is handled (capped at 60): a model of the real
    /// API's round trip, for benchmarks; no claim about the API. 0 by default.
    public var requestLatency: Double = 0
    /// Lifetime of a new ID token, in seconds (at least 1); DOC shows `"3600"`.
    public var idTokenTTL: Int = 3600
    /// Write `expiresInSeconds` as a JSON number instead of the documented string (zero-api.md
    /// §11, to test tolerant parsing).
    public var expiresInSecondsAsNumber = false
    /// Leave `expiresInSeconds` out of the token answer: no working client reads it
    /// (zero-api-audit.md §2 C1, §7 R6).
    public var omitExpiresInSeconds = false
    /// Status for an unknown or revoked refresh token at `/token`: 400 (the SDK's sibling
    /// endpoint, zero-api.md §1.1) or 401 (zero-api.md §10 #1, open).
    public var invalidRefreshTokenStatus = 400
    /// Accept `Authorization: <idToken>` without the `Bearer ` prefix (zero-api.md §1.2: a
    /// docs typo; no source says the API accepts it). Off.
    public var acceptBareToken = false
    /// Every API token also sees one more organization, in which it may not read anything:
    /// its cluster list answers 403 `viewer user required` (zero-api-audit.md §2 C3, §7 R7;
    /// the message is the one the Terraform provider saw for clusters it cannot see).
    public var forbiddenOrganization = false
    /// Policy and route lists without `namespaceId` answer 400 instead of the whole org
    /// (zero-api.md §10 #8, open).
    public var requireNamespaceIdOnList = false
    /// List items carry only `id`, `name`, `namespaceId` and, for routes, `from`: all that
    /// working clients read from a list (zero-api-audit.md §0 BOOT and TF, §7 R3).
    public var summaryListItems = false
    /// List items leave out `namespaceId`, which no working client reads from a list
    /// (zero-api-audit.md §7 R3).
    public var listItemsWithoutNamespaceId = false
    /// An empty policy or route list is answered `null` instead of `[]` (zero-api-audit.md §6,
    /// §7 R5: undocumented; the original installer and the Terraform provider both accept it).
    public var nullForEmptyList = false
    /// How routes show their attached policies.
    public var routePolicyReferences: PolicyReferences = .both
    /// `passIdentityHeaders` reads `false` when the route never set it, instead of being left
    /// out (Terraform provider route_resource.go: "The API always returns false when unset").
    public var passIdentityHeadersFalseWhenUnset = false
    /// Unset fields are shown rather than left out: the settings' `proxyLogLevel` as `null`
    /// (Terraform provider f33839e), a policy's empty description, explanation and remediation
    /// as the string `"null"` (Terraform provider policy_resource.go `stringOrEmpty`), a route's
    /// unset prefix, prefix rewrite, TLS server name and service account token as `""`
    /// (Terraform provider route_resource.go: "the API returns \"\" for absent values").
    public var showUnsetFields = false
    /// Policy and route writes and settings patches refuse a `null` value (Terraform provider
    /// f33839e: "doesn't accept null as a value when updating").
    public var rejectNullsOnWrite = false
    /// Status for an id that does not exist (or no longer does) on `GET`, `PUT` and `DELETE`
    /// of a policy or route: 404 (zero-api.md §8) or 403 `viewer user required` (Terraform
    /// provider client.go: "Pomerium Zero returns 403 for resources that have been deleted").
    public var unknownObjectStatus = 404
    /// Status for `GET …/clusters/{id}` on an unknown cluster: 403 `viewer user required`
    /// (Terraform provider, zero-api.md §4.2), or 404.
    public var unknownClusterStatus = 403
    /// Accept `Content-Type: application/json-patch+json` on the settings PATCH (zero-api.md
    /// §10 #3, open; the original installer sends `application/json`). Off.
    public var acceptJSONPatchContentType = false
    /// Reject settings patch operations whose top-level member is not a known settings field
    /// (zero-api.md §11).
    public var rejectUnknownSettingsPaths = false
    /// The settings PATCH accepts only `add` operations on top-level paths, the only form a
    /// working client has sent (zero-api-audit.md §2 C5, §7 R2 and R8).
    public var patchTopLevelAddOnly = false
    /// The settings PATCH refuses to leave the SSH keys empty while `sshAddress` is set
    /// (zero-api-audit.md §7 R8: plausible).
    public var rejectEmptySSHKeysWhileAddressSet = false
    /// How `GET …/settings` shows `sshHostKeys` and `sshUserCaKey`.
    public var settingsKeys: SettingsDisplay = .echoed
    /// How `GET …/settings` shows `databrokerStorageConnection`.
    public var settingsStorage: SettingsDisplay = .echoed
    /// Require `description`, `explanation` and `remediation` on policies (zero-api.md §10 #5;
    /// the Terraform provider marks them required).
    public var strictPolicyText = false
    /// Refuse (400) to delete a policy that routes still reference, instead of detaching it
    /// (zero-api.md §10 #7: which one the API does is unknown).
    public var rejectDeletingReferencedPolicy = false
    /// Require all seven route booleans on POST and PUT (BOOT-g: "Common fields required by
    /// the Pomerium Zero API", added after a real failure).
    public var requireSevenBooleans = true
    /// Answer 409 to a route whose `from` already exists in the namespace (zero-api.md §10 #6).
    public var rejectDuplicateFrom = false
    /// Answer 400 to a policy or route PUT that carries read-only fields (zero-api.md §10 #12).
    public var rejectReadOnlyFieldsOnPut = false
    /// Policies and routes carry one more field the server computes, `serverOnlyFieldName`,
    /// which a PUT or POST carrying it is refused for (zero-api-audit.md §5 and §7 R4: "route
    /// objects carry a server-only field the PUT validator refuses"; the name is the
    /// simulator's, no source names such a field).
    public var serverOnlyField = false
    /// The shape of error bodies.
    public var errorStyle: ErrorStyle = .errorField

    /// The name of the field `serverOnlyField` adds.
    public static let serverOnlyFieldName = "revision"

    /// The `friendly` profile.
    public init() {}
}
