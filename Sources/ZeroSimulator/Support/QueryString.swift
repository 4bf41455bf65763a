import Foundation

/// A parsed URL query string.
struct QueryString {
    private let items: [(String, String)]

    init(_ raw: String?) {
        items = (raw ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0].removingPercentEncoding ?? parts[0]
            let rawValue = parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ") : ""
            return (name, rawValue.removingPercentEncoding ?? rawValue)
        }
    }

    /// The first value of `name`, if present.
    func value(_ name: String) -> String? {
        items.first { $0.0 == name }?.1
    }
}
