/// An API error the simulator answers with: a status code and a message for the error body.
struct SimError: Error, Equatable {
    /// The HTTP status code.
    var status: Int
    /// The human-readable message placed in the error body.
    var message: String

    static func badRequest(_ message: String) -> SimError { SimError(status: 400, message: message) }
    static func unauthorized(_ message: String) -> SimError { SimError(status: 401, message: message) }
    static let viewerRequired = SimError(status: 403, message: "viewer user required")
    static func notFound(_ message: String) -> SimError { SimError(status: 404, message: message) }
    static let methodNotAllowed = SimError(status: 405, message: "method not allowed")
}
