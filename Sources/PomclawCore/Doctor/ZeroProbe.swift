import Foundation

/// One request to the Pomerium Zero API, for `doctor`: with an API token, the token exchange
/// (`POST /token`), which tells whether the API is reachable and the token valid; without one,
/// an unauthenticated `GET /organizations`, which tells only whether it is reachable. Either
/// way the answer's `Date` header gives the server's clock. No retries: the doctor reports
/// what one attempt found. The token goes only in the request body; the ID token in the
/// answer is not kept.
public struct ZeroProbe: Sendable {
    /// What the one request found.
    public enum Outcome: Sendable, Equatable {
        /// The token exchange succeeded.
        case tokenAccepted(serverDate: Date?)
        /// The token exchange was refused with this status (400, 401 or 403).
        case tokenRejected(status: Int, serverDate: Date?)
        /// An answer, but not one that says anything about the token: any status without a
        /// token, or an unexpected one (5xx, 429) with it.
        case answered(status: Int, serverDate: Date?)
        /// No answer: the transport failure.
        case unreachable(HTTPTransportError)

        /// The server's clock, when an answer carried a `Date` header.
        public var serverDate: Date? {
            switch self {
            case .tokenAccepted(let date), .tokenRejected(_, let date), .answered(_, let date): date
            case .unreachable: nil
            }
        }
    }

    public let baseURL: URL
    private let transport: any HTTPTransport

    public init(baseURL: URL, transport: any HTTPTransport) {
        self.baseURL = baseURL
        self.transport = transport
    }

    public func probe(apiToken: Secret?) async -> Outcome {
        let request: HTTPRequest
        let headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
        if let apiToken {
            let body = JSONValue.object(["refreshToken": .string(apiToken.value)]).encoded()
            request = HTTPRequest(method: "POST", url: baseURL.appendingPathComponent("token"), headers: headers, body: body)
        } else {
            request = HTTPRequest(method: "GET", url: baseURL.appendingPathComponent("organizations"), headers: headers)
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let failure as HTTPTransportError {
            return .unreachable(failure)
        } catch {
            return .unreachable(.connectionFailed("unexpected transport error"))
        }
        let date = response.headers["date"].flatMap(Self.parseHTTPDate)
        guard apiToken != nil else { return .answered(status: response.status, serverDate: date) }
        switch response.status {
        case 200...299:
            let grant = (try? JSONValue.parse(response.body))?.objectValue?["idToken"]?.stringValue
            return grant?.isEmpty == false ? .tokenAccepted(serverDate: date) : .answered(status: response.status, serverDate: date)
        case 400, 401, 403:
            return .tokenRejected(status: response.status, serverDate: date)
        default:
            return .answered(status: response.status, serverDate: date)
        }
    }

    /// An RFC 9110 `Date` (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`).
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
