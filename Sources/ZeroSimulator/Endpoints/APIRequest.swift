import Foundation

/// A request reduced to what the endpoint handlers need.
struct APIRequest {
    var method: String
    /// Path segments after `/api/v0`, e.g. `["organizations", "b…", "policies"]`.
    var segments: [String]
    var query: QueryString
    var authorization: String?
    var contentType: String?
    var body: Data

    /// The body parsed as JSON; a 400 when it is missing or not JSON.
    func jsonBody() throws(SimError) -> JSON {
        guard !body.isEmpty else { throw .badRequest("request body is required") }
        guard let value = JSON.parse(body) else { throw .badRequest("request body is not valid JSON") }
        return value
    }

    /// The body as a JSON object; a 400 otherwise.
    func objectBody() throws(SimError) -> [String: JSON] {
        guard case .object(let members) = try jsonBody() else {
            throw .badRequest("request body must be a JSON object")
        }
        return members
    }

    /// The media type of `Content-Type` without parameters, lower-cased.
    var mediaType: String? {
        contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
