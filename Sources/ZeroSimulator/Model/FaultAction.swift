/// What an injected fault does to a matching request.
public enum FaultAction: Sendable, Equatable {
    /// Answer `status` without touching state; `retryAfter` sets the `Retry-After` header,
    /// `body` replaces the error body verbatim (else the knob-styled `injected <status>` error).
    case status(Int, retryAfter: String? = nil, body: String? = nil)
    /// Wait this many seconds (capped at 60) before handling the request normally.
    case latency(seconds: Double)
    /// Close the connection without a response and without changing state.
    case dropBeforeChange
    /// Handle the request (state changes happen), then close the connection without a response.
    case dropAfterChange
    /// Handle the request (state changes happen), then send the response head and half the body
    /// and close the connection: a truncated response. Unlike ``dropAfterChange``, a client that
    /// reuses connections (libcurl's connection cache) cannot transparently retry this one.
    case truncateAfterChange
    /// Expire the request's ID token before handling it, so the request is answered 401.
    case expireIDToken
    /// Handle the request, then answer 200 with a body that is not valid JSON.
    case malformedJSON
    /// Handle the request, then answer with the handler's status and the body `null`.
    case nullBody
    /// Answer `status` with this `Content-Type` and body verbatim, without touching state: what
    /// something other than the API sends (a proxy's HTML error page, a captive portal's login
    /// page, an empty body, a document cut off but complete as far as HTTP goes).
    case answer(status: Int, contentType: String, body: String)
}
