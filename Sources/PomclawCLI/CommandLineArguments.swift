/// What pomclaw does with its arguments before swift-argument-parser sees them, so that the
/// first hour goes as people expect from other CLIs:
/// - `pomclaw -v` (alone) prints the version, like `--version`;
/// - the shared options may come before the command (`pomclaw --dir X status`): they are moved
///   behind it, where the command reads them;
/// - a word that is not a command (`pomclaw stauts`) is a usage error naming the closest
///   command, instead of an argument the default command (`install`) refuses.
enum CommandLineArguments {
    enum Outcome: Equatable {
        /// Parse these arguments.
        case run([String])
        /// Print the version.
        case version
        /// `word` is not a command; `suggestion` is the closest one, if any is close.
        case unknownCommand(String, suggestion: String?)
    }

    /// The commands, each with its subcommands.
    static let commands: [(String, [String])] = [
        ("install", []), ("status", []), ("reset", []), ("uninstall", []), ("access", ["list", "add", "remove"]),
        ("doctor", []), ("upgrade", []), ("help", []),
    ]

    /// Options that take a value as the next argument (unless given as `--option=value`).
    static let optionsWithValues: Set<String> = [
        "--dir", "--zero-token", "--zero-token-file", "--api-token", "--api-token-file", "--cluster-domain",
        "--operator-email", "--openclaw-version", "--openclaw",
    ]

    static func interpret(_ arguments: [String]) -> Outcome {
        if arguments == ["-v"] || arguments == ["-V"] { return .version }
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "--" else { break }
            leading.append(argument)
            index += 1
            if optionsWithValues.contains(argument), index < arguments.count {
                leading.append(arguments[index])
                index += 1
            }
        }
        guard index < arguments.count, arguments[index] != "--" else { return .run(arguments) }
        let word = arguments[index]
        guard let (_, subcommands) = commands.first(where: { $0.0 == word }) else {
            return .unknownCommand(word, suggestion: suggestion(for: word, among: commands.map(\.0).filter { $0 != "help" }))
        }
        var path = [word]
        index += 1
        if index < arguments.count, subcommands.contains(arguments[index]) {
            path.append(arguments[index])
            index += 1
        }
        return .run(path + leading + arguments[index...])
    }

    /// The candidate closest to `word` (case aside) when it is at most two edits away (a
    /// swap of two neighbours counts as one), and closer than `word` is long.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        let scored = candidates.map { ($0, editDistance(typed, Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < typed.count else { return nil }
        return best.0
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps
    /// of adjacent characters.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
