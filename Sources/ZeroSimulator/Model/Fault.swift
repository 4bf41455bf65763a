/// A fault-injection rule: the next `count` requests matching `method` and `pathPattern`
/// get `action`.
public struct Fault: Sendable, Equatable {
    /// HTTP method to match (case-insensitive); `nil` matches any method.
    public var method: String?
    /// Path to match, without the query; `*` matches exactly one segment,
    /// e.g. `/api/v0/organizations/*/policies`.
    public var pathPattern: String
    /// How many more matching requests this rule applies to.
    public var remaining: Int
    /// What happens to a matching request.
    public var action: FaultAction
    /// Chance (0…1) that a matching request is hit; a miss does not use up `remaining`.
    public var probability: Double

    /// A rule for the next `count` requests matching `method` and `pathPattern`, each hit with
    /// `probability` (use a large `count` for "every time, at random").
    public init(method: String?, pathPattern: String, count: Int = 1, probability: Double = 1, action: FaultAction) {
        self.method = method?.uppercased()
        self.pathPattern = pathPattern
        self.remaining = count
        self.probability = probability
        self.action = action
    }

    /// A rule from `"METHOD /path/pattern"` (or just `"/path/pattern"` for any method).
    public init(_ rule: String, count: Int = 1, probability: Double = 1, action: FaultAction) {
        let parts = rule.split(separator: " ", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            self.init(method: parts[0], pathPattern: parts[1], count: count, probability: probability, action: action)
        } else {
            self.init(method: nil, pathPattern: rule, count: count, probability: probability, action: action)
        }
    }

    /// Whether the rule applies to a request with this method and path.
    func matches(method: String, path: String) -> Bool {
        guard remaining > 0 else { return false }
        if let expected = self.method, expected != method.uppercased() { return false }
        let want = pathPattern.split(separator: "/", omittingEmptySubsequences: false)
        let have = path.split(separator: "/", omittingEmptySubsequences: false)
        guard want.count == have.count else { return false }
        return zip(want, have).allSatisfy { pattern, segment in
            pattern == "*" ? !segment.isEmpty : pattern == segment
        }
    }
}
