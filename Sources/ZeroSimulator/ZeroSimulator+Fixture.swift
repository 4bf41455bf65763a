import Foundation

extension ZeroSimulator {
    /// Adds everything in `fixture`: organizations, clusters (with settings) and API tokens.
    public func load(_ fixture: SimFixture) throws {
        var seeded: [SimOrganization] = []
        for organization in fixture.organizations {
            let org = addOrganization(name: organization.name, id: organization.id)
            seeded.append(org)
            for cluster in organization.clusters ?? [] {
                var createdAt: Date?
                if let text = cluster.createdAt {
                    guard let date = Self.parseTimestamp(text) else {
                        throw ZeroSimulatorError.invalidFixture("createdAt \(text) is not RFC 3339")
                    }
                    createdAt = date
                }
                let added = addCluster(org: org, name: cluster.name, domain: cluster.domain, createdAt: createdAt,
                                       id: cluster.id)
                if let settings = cluster.settings { setSettings(cluster: added, settings) }
            }
        }
        for token in fixture.apiTokens {
            var orgs: [SimOrganization] = []
            for reference in token.organizations {
                guard let org = seeded.first(where: { $0.name == reference || $0.id == reference }) else {
                    throw ZeroSimulatorError.unknown("organization \(reference) in apiTokens")
                }
                orgs.append(org)
            }
            addAPIToken(orgs: orgs, token: token.token)
            switch token.state ?? "active" {
            case "active": break
            case "revoked": revokeAPIToken(token.token)
            case "expired": expireAPIToken(token.token)
            case let other: throw ZeroSimulatorError.unknown("token state \(other) (use active, revoked or expired)")
            }
        }
    }

    /// Parses RFC 3339 with or without fractional seconds, keeping microseconds.
    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let dot = text.firstIndex(of: ".") else { return formatter.date(from: text) }
        let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let fraction = Double("0." + digits) else { return nil }
        let zone = text[text.index(dot, offsetBy: digits.count + 1)...]
        return formatter.date(from: String(text[..<dot] + zone))?.addingTimeInterval(fraction)
    }
}
