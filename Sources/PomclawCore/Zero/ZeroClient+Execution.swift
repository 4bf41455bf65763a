import Foundation

/// The request loop: authentication, retries and error construction.
extension ZeroClient {
    /// Everything a thrown error says besides the call and the attempt count.
    private struct Failure {
        var kind: ZeroAPIError.Kind
        var serverMessage: String? = nil
        var responseID: String? = nil
        var retryable: Bool
        var nextAction: String
    }

    /// What to do after one attempt.
    private enum Outcome<Value> {
        case success(Value)
        /// Try again after the backoff (at least `retryAfter`), or throw `giveUp` when out of
        /// attempts.
        case retry(retryAfter: Double?, giveUp: Failure)
        /// A 401: log in again and replay once.
        case reauthenticate(Failure)
        case fail(Failure)
    }

    /// Sends `request` until it succeeds or the retry rules give up; `decode` turns a 2xx body
    /// into the result, nil meaning malformed.
    @discardableResult
    func perform<Value: Sendable>(
        _ request: ZeroRequest, decode: @Sendable (Data) -> Value?
    ) async throws -> Value {
        var attempt = 0
        var reauthenticated = false
        while true {
            attempt += 1
            var token: Secret?
            if request.kind != .tokenExchange {
                token = try await tokens.token(exchange: { [self] in try await exchangeToken() })
            }
            switch try await send(request, token: token, decode: decode) {
            case .success(let value):
                return value
            case .reauthenticate where !reauthenticated:
                reauthenticated = true
                if let token { await tokens.invalidate(token) }
            case .reauthenticate(let failure):
                throw await error(request, failure, attempts: attempt)
            case .retry(let retryAfter, _) where attempt < retryPolicy.maxAttempts:
                let delay = retryPolicy.delay(
                    beforeRetry: attempt, retryAfter: retryAfter, jitter: jitter)
                try await time.sleep(seconds: delay)
            case .retry(_, let failure), .fail(let failure):
                throw await error(request, failure, attempts: attempt)
            }
        }
    }

    /// `POST /token`: exchanges the API token for an ID token.
    func exchangeToken() async throws -> ZeroTokenStore.Token {
        let body = JSONValue.object(["refreshToken": .string(apiToken.value)]).encoded()
        let request = ZeroRequest("POST", ["token"], body: body, kind: .tokenExchange)
        let started = time.now
        let grant = try await perform(request) { body in
            ZeroJSON.grant(body).map { (Secret($0.idToken), $0.lifetime) }
        }
        return ZeroTokenStore.Token(
            value: grant.0, expiresAt: started.addingTimeInterval(grant.1), lifetime: grant.1)
    }

    // MARK: - One attempt

    private func send<Value: Sendable>(
        _ request: ZeroRequest, token: Secret?, decode: @Sendable (Data) -> Value?
    ) async throws -> Outcome<Value> {
        guard let url = request.url(under: baseURL) else {
            return .fail(
                Failure(
                    kind: .transport("the request URL could not be built"), retryable: false,
                    nextAction: "Check POMCLAW_ZERO_API and re-run pomclaw."))
        }
        var headers = [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json"),
        ]
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token.value)")) }
        let http = HTTPRequest(method: request.method, url: url, headers: headers, body: request.body)
        let response: HTTPResponse
        do {
            response = try await transport.send(http)
        } catch let failure as HTTPTransportError {
            observer?(request.method, request.path, nil)
            return await outcome(of: failure, request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            observer?(request.method, request.path, nil)
            let detail = await scrubber(request).clean(String(describing: error))
            return .fail(
                Failure(
                    kind: .transport("unexpected transport error: \(detail ?? "unknown")"),
                    retryable: false, nextAction: ZeroAPIError.unavailableAction))
        }
        observer?(request.method, request.path, response.status)
        return await outcome(of: response, request, decode: decode)
    }

    private func outcome<Value>(of transportError: HTTPTransportError, _ request: ZeroRequest)
        async -> Outcome<Value>
    {
        let transient: Bool
        switch transportError {
        case .timedOut, .connectionFailed: transient = true
        case .tlsFailed, .refused: transient = false
        }
        let (kind, detail) = ZeroAPIError.describe(transportError)
        let scrubbed = await scrubber(request).clean(detail)
        let failure = Failure(
            kind: .transport(scrubbed.map { "\(kind): \($0)" } ?? kind), retryable: transient,
            nextAction: ZeroAPIError.nextAction(transport: transportError))
        if transient, request.kind != .create { return .retry(retryAfter: nil, giveUp: failure) }
        return .fail(failure)
    }

    private func outcome<Value>(
        of response: HTTPResponse, _ request: ZeroRequest, decode: (Data) -> Value?
    ) async -> Outcome<Value> {
        let status = response.status
        let scrubber = await scrubber(request)
        let responseID = response.headers["x-response-id"].flatMap {
            scrubber.clean(String($0.prefix(200)))
        }
        let page = ZeroAPIError.htmlPage(response).map { scrubber.clean($0) ?? "" }
        let pageSaid = page.map { "an HTML page\($0.isEmpty ? "" : " titled \(InputValidation.shown($0))")" }
        if (200...299).contains(status) {
            if let value = decode(response.body) { return .success(value) }
            let failure = Failure(
                kind: .malformedResponse,
                serverMessage: pageSaid ?? (response.body.isEmpty ? "an empty body" : nil),
                responseID: responseID, retryable: true,
                nextAction: page == nil ? ZeroAPIError.malformedAction : ZeroAPIError.htmlPageAction)
            return request.kind == .read
                ? .retry(retryAfter: nil, giveUp: failure) : .fail(failure)
        }
        let said = pageSaid ?? scrubber.serverMessage(response.body).map(ZeroAPIError.oneLine)
        var failure = Failure(
            kind: .status(status), serverMessage: said,
            responseID: responseID, retryable: ZeroAPIError.isTransient(status: status),
            nextAction: ZeroAPIError.nextAction(status: status, request: request))
        if request.kind == .tokenExchange, (400...499).contains(status), status != 429 {
            failure.kind = .unauthorized(status)
            failure.nextAction = ZeroAPIError.newTokenAction
            return .fail(failure)
        }
        if status == 401 {
            failure.kind = .unauthorized(status)
            return .reauthenticate(failure)
        }
        let retryAfter = ZeroRetryAfter.seconds(response.headers["retry-after"], now: time.now)
        if status == 429 { return .retry(retryAfter: retryAfter, giveUp: failure) }
        if [500, 502, 503, 504].contains(status), request.kind != .create {
            return .retry(retryAfter: retryAfter, giveUp: failure)
        }
        return .fail(failure)
    }

    // MARK: - Errors

    private func scrubber(_ request: ZeroRequest) async -> ZeroScrubber {
        ZeroScrubber(secrets: [apiToken.value] + (await tokens.issued) + request.secrets)
    }

    private func error(_ request: ZeroRequest, _ failure: Failure, attempts: Int) async
        -> ZeroAPIError
    {
        ZeroAPIError(
            call: await scrubber(request).scrubKnown(request.call), kind: failure.kind,
            serverMessage: failure.serverMessage, responseID: failure.responseID,
            attempts: attempts, isRetryable: failure.retryable, nextAction: failure.nextAction)
    }
}
