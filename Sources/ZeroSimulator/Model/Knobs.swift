/// Behaviours of the real API that are inferred, not documented (zero-api.md §11), as switches.
///
/// The defaults are the simulator contract's defaults.
public struct Knobs: Sendable, Equatable {
    /// How error bodies are written.
    public enum ErrorStyle: Sendable, Equatable {
        /// `{"error": "<message>"}` (the documented shape).
        case errorField
        /// `{"message": "<message>"}`.
        case messageField
        /// The bare message as `text/plain`.
        case plainText
    }

    /// Seconds every request waits before it is handled (capped at 60): a model of the real
    /// API's round trip, for benchmarks. 0 by default.
    public var requestLatency: Double = 0
    /// Lifetime of a new ID token, in seconds (at least 1).
    public var idTokenTTL: Int = 3600
    /// Write `expiresInSeconds` as a JSON number instead of a string.
    public var expiresInSecondsAsNumber = false
    /// Status for an unknown or revoked refresh token at `/token` (400 or 401).
    public var invalidRefreshTokenStatus = 400
    /// Accept `Authorization: <idToken>` without the `Bearer ` prefix.
    public var acceptBareToken = false
    /// Policy and route lists without `namespaceId` answer 400 instead of the whole org.
    public var requireNamespaceIdOnList = false
    /// Status for `GET …/clusters/{id}` on an unknown cluster (403 `viewer user required`, or 404).
    public var unknownClusterStatus = 403
    /// Accept `Content-Type: application/json-patch+json` on the settings PATCH.
    public var acceptJSONPatchContentType = true
    /// Reject settings patch operations whose top-level member is not a known settings field.
    public var rejectUnknownSettingsPaths = false
    /// Require `description`, `explanation` and `remediation` on policies.
    public var strictPolicyText = false
    /// Refuse (400) to delete a policy that routes still reference, instead of detaching it.
    public var rejectDeletingReferencedPolicy = false
    /// Require all seven route booleans on POST and PUT.
    public var requireSevenBooleans = true
    /// Answer 409 to a route whose `from` already exists in the namespace.
    public var rejectDuplicateFrom = false
    /// Answer 400 to a policy or route PUT that carries read-only fields.
    public var rejectReadOnlyFieldsOnPut = false
    /// Return `sshHostKeys` and `sshUserCaKey` from `GET …/settings`. Whether the real API
    /// echoes these private keys is an open question (zero-api.md §10 #10): off simulates an
    /// API that stores them but never returns them.
    public var echoSSHKeys = true
    /// The shape of error bodies.
    public var errorStyle: ErrorStyle = .errorField

    /// The contract defaults.
    public init() {}
}
