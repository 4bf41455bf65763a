import Foundation
import ZeroSimulator

/// One HTTP exchange's outcome, as the tests inspect it.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSON? { JSON.parse(body) }

    /// The `error` member of the body, if any.
    var errorMessage: String? { json?["error"]?.stringValue }

    /// A header by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}
