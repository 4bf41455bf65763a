import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

extension DotEnvFile {
    /// Reads and parses the file at `path`. A missing file is an empty document.
    ///
    /// - Throws: `PomclawError` (with the path and a next action, never the content) when the
    ///   file exists but cannot be read, or is not UTF-8 text.
    public static func read(from path: String) throws -> DotEnvFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return DotEnvFile() }
            throw AtomicFile.fileError("read", path, errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.fileError("read", path, errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PomclawError(
                "\(path) is not UTF-8 text, so pomclaw cannot update it without changing other lines.",
                next: "Convert \(path) to UTF-8 (for example with iconv) or move it away, then run pomclaw again.")
        }
        return DotEnvFile(parsing: text)
    }

    /// Writes the document to `path` atomically with mode 0600 from the first byte (see
    /// `AtomicFile.write`): the file is replaced by a new one, so an existing `.env` that
    /// was readable by group or others ends up 0600 as well.
    ///
    /// `beforeRename` is passed to `AtomicFile.write`; tests use it to interrupt the write.
    public func write(
        to path: String, beforeRename: ((_ temporaryPath: String) throws -> Void)? = nil
    ) throws {
        try AtomicFile.write(data, to: path, mode: 0o600, beforeRename: beforeRename)
    }
}
