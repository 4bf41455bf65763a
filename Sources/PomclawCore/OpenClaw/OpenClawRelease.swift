/// An OpenClaw release as `OPENCLAW_VERSION` names it, ordered the way OpenClaw numbers its
/// release lines (openclaw-versions.md §0, from docs/reference/RELEASING.md):
///
/// - regular releases `YYYY.M.N` (N < 33), e.g. `2026.6.5`;
/// - fallback correction releases `YYYY.M.N-k`, e.g. `2026.7.1-2`, which come after
///   `YYYY.M.N` and before the next number;
/// - extended-stable releases `YYYY.M.33` and up, the maintenance line of month M: they sort
///   after every regular release of that month and before the next month's, which is where
///   their features are (a June maintenance release has June's features, not August's).
///
/// Betas (`-beta.N`) are not releases pomclaw installs: they are refused where versions are
/// read (`InputValidation.version`), so this type does not model them.
public struct OpenClawRelease: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let number: Int
    /// The `-k` of a correction release; 0 for none.
    public let correction: Int

    public init(year: Int, month: Int, number: Int, correction: Int = 0) {
        self.year = year
        self.month = month
        self.number = number
        self.correction = correction
    }

    /// Parses `YYYY.M.N` or `YYYY.M.N-k`; nil for anything else (a beta, a tag, a typo).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3,
            let year = Self.integer(numbers[0]), let month = Self.integer(numbers[1]), let number = Self.integer(numbers[2]),
            year >= 2000, (1...12).contains(month)
        else { return nil }
        var correction = 0
        if parts.count == 2 {
            guard let value = Self.integer(parts[1]), value > 0 else { return nil }
            correction = value
        }
        self.init(year: year, month: month, number: number, correction: correction)
    }

    private static func integer(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// Whether this is a release of an extended-stable (maintenance) line: number 33 or more.
    public var isExtendedStable: Bool { number >= 33 }

    public var description: String {
        "\(year).\(month).\(number)" + (correction > 0 ? "-\(correction)" : "")
    }

    public static func < (lhs: OpenClawRelease, rhs: OpenClawRelease) -> Bool {
        (lhs.year, lhs.month, lhs.number, lhs.correction) < (rhs.year, rhs.month, rhs.number, rhs.correction)
    }
}
