import Foundation

/// One pomclaw at a time may change an install: `.pomclaw/lock`, held with `flock` for the
/// whole run.
///
/// The kernel releases the lock when its holder exits, however it exits (SIGKILL included),
/// so a lock left by a killed run is never in the way: the file stays, the lock does not. The
/// holder's pid is written into the file only to name it in the refusal.
public final class RunLock: @unchecked Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    public static func path(_ directory: InstallDirectory) -> String {
        directory.file(".pomclaw/lock")
    }

    /// Takes the lock for `directory`, or throws at once, naming the process that holds it.
    /// `command` says what this run is, for the holder's record (e.g. "install").
    public static func acquire(_ directory: InstallDirectory, command: String) throws -> RunLock {
        try AtomicFile.createDirectory(directory.path, mode: 0o700)
        try AtomicFile.createDirectory(directory.file(".pomclaw"), mode: 0o700)
        let path = path(directory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw PomclawError(
                "Could not open \(path): \(String(cString: strerror(errno))).",
                next: "Check that you own the install directory, then run pomclaw again.")
        }
        fchmod(descriptor, 0o600)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = busy(descriptor)
            close(descriptor)
            throw error
        }
        let record = "pid \(getpid()) running pomclaw \(command) since \(ISO8601DateFormatter().string(from: Date()))\n"
        ftruncate(descriptor, 0)
        _ = record.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(descriptor: descriptor, path: path)
    }

    /// Throws the refusal `acquire` would when another run holds the lock; creates nothing
    /// (no lock file, no folder), so it may look before a run has decided to change anything.
    /// The run still takes the lock with `acquire` before it changes anything.
    public static func refuseIfHeld(_ directory: InstallDirectory) throws {
        let descriptor = open(path(directory), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { throw busy(descriptor) }
        flock(descriptor, LOCK_UN)
    }

    private static func busy(_ descriptor: Int32) -> PomclawError {
        let holder = Self.holder(descriptor)
        return PomclawError(
            "Another pomclaw is changing this install right now\(holder.map { " (\($0))" } ?? "").",
            next: "Wait for it to finish, or stop it, then run pomclaw again. `pomclaw status` works meanwhile.")
    }

    /// What the holder wrote into the lock file, e.g. "pid 4242 running pomclaw install since …".
    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
