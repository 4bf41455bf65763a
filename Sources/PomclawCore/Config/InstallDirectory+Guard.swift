import Foundation

extension InstallDirectory {
    /// Names pomclaw (or its installer, or the original bash installer) puts in an install
    /// directory; a directory holding none of them but other files is someone else's.
    static let installNames: Set<String> = [
        ".env", ".env.example", "compose.yaml", "docker-compose.yml", "docker", "keys", ".pomclaw", "openclaw-data",
        "openclaw", "pomclaw", "README.md", ".gitignore",
    ]

    /// The entries of the directory when it holds files but nothing of an install (an empty or
    /// missing directory, or one with any install name, gives nil).
    public var unrelatedContents: [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path), !names.isEmpty,
            !names.contains(where: Self.installNames.contains)
        else { return nil }
        return names.sorted()
    }

    /// Before the first install into a directory that holds other files: says that pomclaw will
    /// restrict it to mode 0700 and add its files there, and on a terminal asks to go ahead
    /// (`assumeYes` answers). Without a terminal it only warns.
    public func confirmUnrelatedContents(console: any Console, assumeYes: Bool) throws {
        guard let names = unrelatedContents else { return }
        let shown = names.prefix(3).map { InputValidation.escaped($0, limit: 40) }.joined(separator: ", ")
            + (names.count > 3 ? ", …" : "")
        console.warn("\(path) holds \(names.count) other entr\(names.count == 1 ? "y" : "ies") (\(shown)) and no install: "
            + "pomclaw will restrict it to mode 0700 (.env holds the cluster token) and add .env, compose.yaml, docker/, "
            + "keys/, openclaw-data/ and .pomclaw/ there.")
        guard !assumeYes, console.canPrompt else { return }
        let answer = (try? console.prompt("Install into \(path) anyway? [y/N]: ", secret: false)) ?? ""
        guard answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") else {
            throw PomclawError(
                "Nothing was changed in \(path).",
                next: "Make a new directory for the install (mkdir ~/openclaw && cd ~/openclaw) and run pomclaw install there, or pass --dir.")
        }
    }

    /// Writes a `.gitignore` beside `.env` when there is none, so that a directory kept in git
    /// never commits the cluster token, the keys or OpenClaw's data. An existing one is left
    /// as it is. Returns true when it wrote one.
    @discardableResult
    public func writeGitIgnoreIfAbsent() throws -> Bool {
        let file = self.file(".gitignore")
        guard !FileManager.default.fileExists(atPath: file) else { return false }
        let text = """
            # Written by pomclaw: these hold secrets (the cluster token, SSH keys) and the assistant's
            # data; keep them out of version control.
            .env
            keys/
            .pomclaw/
            openclaw-data/

            """
        try AtomicFile.write(Data(text.utf8), to: file, mode: 0o644)
        return true
    }
}
