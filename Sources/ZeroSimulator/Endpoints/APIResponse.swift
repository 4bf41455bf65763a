/// What a handler answers before fault actions and encoding.
struct APIResponse {
    /// The HTTP status code.
    var status: Int
    /// The JSON body, or `nil` for an empty body (204).
    var body: JSON?

    static func ok(_ body: JSON) -> APIResponse { APIResponse(status: 200, body: body) }
    static func created(_ body: JSON) -> APIResponse { APIResponse(status: 201, body: body) }
    static let noContent = APIResponse(status: 204, body: nil)
}
