/// Identifier and opaque-token generation in the style of the Zero API.
enum SimID {
    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// A new object id: `"b"` followed by 26 random ASCII letters (27 characters in all).
    static func make() -> String {
        "b" + random(count: 26)
    }

    /// A random string of ASCII letters, used for opaque tokens and response ids.
    static func random(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in letters.randomElement(using: &generator)! })
    }
}
