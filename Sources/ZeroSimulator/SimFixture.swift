import Foundation

/// A JSON seed for the simulator, e.g. for the `zero-sim --seed FILE` executable:
///
/// ```json
/// {"organizations": [{"name": "personal", "id": "b…(optional)",
///    "clusters": [{"name": "home", "domain": "trusted-dog-1049",
///                  "createdAt": "2024-01-17T20:07:49.173932Z", "settings": {"logLevel": "info"}}]}],
///  "apiTokens": [{"token": "…", "organizations": ["personal"], "state": "active"}]}
/// ```
/// `apiTokens[].organizations` holds organization names or ids.
public struct SimFixture: Sendable, Codable, Equatable {
    /// A seeded organization.
    public struct Organization: Sendable, Codable, Equatable {
        /// The name.
        public var name: String
        /// A fixed id; random when absent.
        public var id: String?
        /// Its clusters.
        public var clusters: [Cluster]?
    }

    /// A seeded cluster.
    public struct Cluster: Sendable, Codable, Equatable {
        /// The name.
        public var name: String
        /// The domain slug; the fqdn is `<domain>.pomerium.app`.
        public var domain: String
        /// A fixed id; random when absent.
        public var id: String?
        /// RFC 3339 creation time; now when absent.
        public var createdAt: String?
        /// Initial settings document.
        public var settings: [String: JSON]?
    }

    /// A seeded API user token.
    public struct APIToken: Sendable, Codable, Equatable {
        /// The token value the client sends to `/token`.
        public var token: String
        /// Names or ids of the organizations it sees.
        public var organizations: [String]
        /// `active` (the default), `revoked` or `expired`: the last two are refused by `/token`.
        public var state: String?
    }

    /// The organizations.
    public var organizations: [Organization]
    /// The API user tokens.
    public var apiTokens: [APIToken]

    /// Decodes a fixture from JSON.
    public static func decode(_ data: Data) throws -> SimFixture {
        do {
            return try JSONDecoder().decode(SimFixture.self, from: data)
        } catch {
            throw ZeroSimulatorError.invalidFixture(String(describing: error))
        }
    }
}
