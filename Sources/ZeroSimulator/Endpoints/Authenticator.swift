import Foundation

/// `POST /token` and the bearer check every other endpoint starts with (zero-api.md §1: DOC
/// for the exchange and its answer, BOOT and TF for `Bearer`).
enum Authenticator {
    /// Exchanges an API user token for an ID token.
    static func exchange(_ request: APIRequest, state: inout SimState, now: Date) throws(SimError) -> APIResponse {
        let body = try request.objectBody()
        guard let refreshToken = body["refreshToken"]?.stringValue, !refreshToken.isEmpty else {
            throw .badRequest("refreshToken is required")
        }
        guard let record = state.apiTokens[refreshToken], !record.revoked else {
            throw SimError(status: state.knobs.invalidRefreshTokenStatus, message: "invalid refresh token")
        }
        if let expiresAt = record.expiresAt, expiresAt <= now {
            throw SimError(status: state.knobs.invalidRefreshTokenStatus, message: "refresh token expired")
        }
        let ttl = max(1, state.knobs.idTokenTTL)
        let idToken = SimID.random(count: 64)
        state.idTokens[idToken] = IDTokenRecord(orgIds: record.orgIds, expiresAt: now.addingTimeInterval(Double(ttl)))
        var answer: [String: JSON] = ["idToken": .string(idToken)]
        if !state.knobs.omitExpiresInSeconds {
            answer["expiresInSeconds"] = state.knobs.expiresInSecondsAsNumber ? .number(Double(ttl)) : .string(String(ttl))
        }
        return .ok(.object(answer))
    }

    /// The ID token a request carries, if its `Authorization` header is well formed.
    static func bearerToken(_ request: APIRequest, knobs: Knobs) -> String? {
        guard let header = request.authorization?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            return nil
        }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        if parts.count == 1, knobs.acceptBareToken { return String(parts[0]) }
        return nil
    }

    /// The orgs the request's ID token may see; 401 when missing, malformed, unknown or expired.
    static func authenticate(_ request: APIRequest, state: SimState, now: Date) throws(SimError) -> [String] {
        guard request.authorization != nil else { throw .unauthorized("authorization required") }
        guard let token = bearerToken(request, knobs: state.knobs) else {
            throw .unauthorized("malformed authorization header")
        }
        guard let record = state.idTokens[token] else { throw .unauthorized("invalid id token") }
        guard record.expiresAt > now else { throw .unauthorized("id token expired") }
        return record.orgIds
    }
}
