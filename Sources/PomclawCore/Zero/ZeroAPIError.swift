/// A Zero API call that failed after the client's own retries.
public struct ZeroAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The server answered with an error status.
        case status(Int)
        /// No response: timeout, connection or TLS failure.
        case transport(String)
        /// A 2xx response whose body was not what the API documents.
        case malformedResponse
        /// The API token was rejected (token exchange failed, or a second 401).
        case unauthorized(Int)
    }

    /// Method and path, e.g. `POST /organizations/bAbc…/policies` (ids are fine, never tokens).
    public var call: String
    public var kind: Kind
    /// The server's `error`/`message` text, truncated and scrubbed of anything token-like.
    public var serverMessage: String?
    /// The `X-Response-Id` header, when the server sent one.
    public var responseID: String?
    /// How many attempts were made.
    public var attempts: Int
    /// True when the failure may be transient and an outer caller may try again later (after
    /// re-listing, for creates).
    public var isRetryable: Bool
    /// The one next thing for the user to do.
    public var nextAction: String

    public init(
        call: String, kind: Kind, serverMessage: String? = nil, responseID: String? = nil,
        attempts: Int = 1, isRetryable: Bool = false, nextAction: String
    ) {
        self.call = call
        self.kind = kind
        self.serverMessage = serverMessage
        self.responseID = responseID
        self.attempts = attempts
        self.isRetryable = isRetryable
        self.nextAction = nextAction
    }

    public var description: String {
        var text = "Pomerium Zero API \(call) failed"
        switch kind {
        case .status(let code): text += " with HTTP \(code)"
        case .unauthorized(let code): text += " with HTTP \(code) (API token rejected)"
        case .transport(let reason): text += ": \(reason)"
        case .malformedResponse: text += ": the response was not valid JSON of the expected shape"
        }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let serverMessage, !serverMessage.isEmpty { text += "\nServer said: \(serverMessage)" }
        if let responseID, !responseID.isEmpty { text += " [x-response-id:\(responseID)]" }
        if !nextAction.isEmpty { text += "\nNext: \(nextAction)" }
        return text
    }
}
