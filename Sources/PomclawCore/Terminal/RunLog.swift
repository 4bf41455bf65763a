import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The log of one run in the install directory, `.pomclaw/logs/<command>-<UTC time>.log`
/// (mode 0600 from the first byte, the directory 0700): every line shown plus the details the
/// screen shows only with `--verbose`, each line with its UTC time. Every secret value known
/// to the run is replaced by `RunLog.marker` before a line reaches the file (a `Secret`
/// renders as that marker anyway).
///
/// Lines are kept in memory until `open`: a run that stops before it changes anything (a
/// missing setting, a wrong domain) leaves no file behind. Each line is written with one
/// `write(2)`, so nothing is lost when the run is interrupted.
public final class RunLog: @unchecked Sendable {
    /// What a secret is replaced by.
    public static let marker = "<redacted>"
    /// How many logs of one command are kept; older ones are deleted when a new one opens.
    public static let kept = 10
    /// Shorter values are not treated as secrets (they would blank out ordinary words).
    static let shortestSecret = 6

    private let lock = NSLock()
    private var pending: [String] = []
    private var secrets: [String] = []
    private var descriptor: Int32 = -1
    private let clock: @Sendable () -> Date

    /// The file's path once open.
    public private(set) var path: String?

    public init(clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// From now on `value` is replaced by the marker, in lines already held and in later ones.
    public func redact(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        lock.withLock {
            for candidate in Set([value, trimmed]) where candidate.count >= Self.shortestSecret {
                if !secrets.contains(candidate) { secrets.append(candidate) }
            }
            secrets.sort { $0.count > $1.count }
        }
    }

    public func redact(_ secret: Secret) { redact(secret.value) }

    /// Adds `text` (one or more lines).
    public func write(_ text: String) {
        lock.withLock {
            let stamp = Self.stamp(clock())
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { stamp + " " + $0 }
            if descriptor >= 0 {
                append(lines.joined(separator: "\n") + "\n")
            } else {
                pending += lines
            }
        }
    }

    /// Creates the log file for `command` in `directory`, writes the lines held so far and
    /// deletes all but the newest `kept` logs of the command. Returns the path.
    @discardableResult
    public func open(in directory: InstallDirectory, command: String) throws -> String {
        let folder = directory.file(".pomclaw/logs")
        try AtomicFile.createDirectory(directory.file(".pomclaw"), mode: 0o700)
        try AtomicFile.createDirectory(folder, mode: 0o700)
        let base = "\(command)-\(Self.fileStamp(clock()))"
        var fd: Int32 = -1
        var chosen = ""
        for attempt in 1...50 {
            chosen = folder + "/" + base + (attempt == 1 ? "" : "-\(attempt)") + ".log"
            fd = Glibc.open(chosen, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw AtomicFile.fileError("create the run log", chosen, errno) }
        _ = fchmod(fd, 0o600)
        lock.withLock {
            descriptor = fd
            path = chosen
            if !pending.isEmpty { append(pending.joined(separator: "\n") + "\n") }
            pending = []
        }
        SignalCleanup.register(logDescriptor: fd, path: chosen)
        Self.prune(folder, command: command, keep: Self.kept)
        return chosen
    }

    /// Deletes the oldest logs of `command` beyond `keep` (names sort by time).
    static func prune(_ folder: String, command: String, keep: Int) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(command + "-") && $0.hasSuffix(".log") }
            .sorted()
        for name in names.dropLast(keep) { unlink(folder + "/" + name) }
    }

    /// `text` with every known secret replaced (called with `lock` held).
    private func redacted(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.marker)
        }
        return text
    }

    private func append(_ text: String) {
        Descriptor.writeAll(redacted(text), to: descriptor)
    }

    /// `2026-11-25T23:40:01.123Z`
    static func stamp(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return fileStamp(date, separators: true) + "." + String(format: "%03d", millis) + "Z"
    }

    /// `20261125T234001Z` (for names), or `2026-11-25T23:40:01` with `separators`.
    static func fileStamp(_ date: Date, separators: Bool = false) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let (y, mo, d, h, mi, s) = (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
            Int(parts.tm_min), Int(parts.tm_sec)
        )
        if separators {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s)
        }
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s)
    }
}
