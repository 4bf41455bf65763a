import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The end of a successful install when `.env` holds `POMERIUM_ZERO_API_TOKEN`: pomclaw never
/// writes it there, but the guide told users to, and the original installer left it. It is not
/// needed for normal operation, so pomclaw explains that and offers to remove the line.
public enum TokenScrub {
    /// What to do with the token line.
    public enum Choice: Sendable, Equatable {
        /// Ask on a terminal; without one, keep it and say how to remove it.
        case ask
        /// `--scrub-token`: remove it without asking.
        case scrub
        /// `--keep-token`: keep it without asking.
        case keep
    }

    /// What happened.
    public enum Outcome: Sendable, Equatable {
        /// `.env` holds no API token.
        case absent
        case removed
        case kept
    }

    static let key = InputKey.apiToken.variable
    public static let question = "Remove API token from .env? [y/N]: "

    /// Offers to remove the API token from the `.env` at `path`, as `choice` says.
    public static func offer(envFile path: String, choice: Choice, console: any Console) throws -> Outcome {
        let file = try DotEnvFile.read(from: path)
        guard file.values[key] != nil else { return .absent }
        console.info("")
        console.info(
            "\(key) is in .env. pomclaw does not need it stored: it is used only while pomclaw runs, never by\n"
                + "the stack. Revoke it at \(InputValidation.apiTokenPage) once you are done, and pass a\n"
                + "fresh one with --api-token-file (or type it) when you next run pomclaw.")
        let remove: Bool
        switch choice {
        case .scrub:
            remove = true
        case .keep:
            remove = false
        case .ask:
            if console.canPrompt {
                let answer = (try? console.prompt(question, secret: false)) ?? ""
                remove = answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y")
            } else {
                remove = false
            }
        }
        guard remove else {
            console.info(
                "Kept \(key) in .env. To remove it later: delete that line from .env, or run\n"
                    + "pomclaw install --scrub-token.")
            return .kept
        }
        try removeToken(from: path)
        console.success("Removed \(key) from .env (every other line is as it was). Revoke the token at\n\(InputValidation.apiTokenPage) to invalidate it.")
        return .removed
    }

    /// Removes every assignment of `POMERIUM_ZERO_API_TOKEN` from the `.env` at `path`,
    /// atomically (a temporary file in the same directory, 0600 from its first byte, renamed
    /// over it), keeping the file's mode and every other line byte for byte.
    public static func removeToken(from path: String) throws {
        let file = try DotEnvFile.read(from: path)
        var info = stat()
        guard stat(path, &info) == 0 else { throw AtomicFile.fileError("read", path, errno) }
        let mode = info.st_mode & 0o7777
        let text = (file.hadByteOrderMark ? "\u{FEFF}" : "") + file.removing(key).rendered
        try AtomicFile.write(Data(text.utf8), to: path, mode: 0o600) { temporary in
            guard mode != 0o600 else { return }
            guard chmod(temporary, mode) == 0 else { throw AtomicFile.fileError("set the mode of", path, errno) }
        }
    }
}
