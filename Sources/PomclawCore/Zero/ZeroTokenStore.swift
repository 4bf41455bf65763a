import Foundation

/// The ID token cache of a `ZeroClient`: in memory only, refreshed before it runs out, and
/// with at most one token exchange in flight (concurrent callers wait for the same one).
actor ZeroTokenStore {
    /// A usable ID token and when it stops being one.
    struct Token: Sendable {
        var value: Secret
        var expiresAt: Date
        var lifetime: Double
    }

    typealias Exchange = @Sendable () async throws -> Token

    private let time: any Timekeeper
    private var current: Token?
    private var login: Task<Token, any Error>?
    /// Every ID token ever issued to this client, so that errors can scrub them verbatim.
    private(set) var issued: [String] = []

    init(time: any Timekeeper) {
        self.time = time
    }

    /// A token with enough life left: the cached one, or a fresh one from `exchange`.
    func token(exchange: @escaping Exchange) async throws -> Secret {
        if let current, !needsRefresh(current) { return current.value }
        if let login { return try await login.value.value }
        let task = Task<Token, any Error> { try await exchange() }
        login = task
        defer { login = nil }
        do {
            let token = try await task.value
            current = token
            issued.append(token.value.value)
            return token.value
        } catch {
            current = nil
            throw error
        }
    }

    /// Forgets `rejected` (after a 401) so the next `token` call logs in again. A token that
    /// was already replaced by a concurrent caller's login is left alone.
    func invalidate(_ rejected: Secret) {
        if current?.value == rejected { current = nil }
    }

    /// True when fewer than min(300 s, a tenth of its lifetime) remain.
    private func needsRefresh(_ token: Token) -> Bool {
        let margin = min(300, token.lifetime / 10)
        return time.now.addingTimeInterval(margin) >= token.expiresAt
    }
}
