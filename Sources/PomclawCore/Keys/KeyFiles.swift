import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// The small file-system operations the keys step needs, with errors a user can act on.
enum KeyFiles {
    /// The file's content, or nil when it does not exist.
    static func read(_ path: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw AtomicFile.fileError("read", path, errno)
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        defer { for index in buffer.indices { buffer[index] = 0 } }
        while true {
            let count = systemRead(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.fileError("read", path, errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// The permission bits of `path`, or nil when it does not exist.
    static func mode(_ path: String) throws -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw AtomicFile.fileError("inspect", path, errno)
        }
        return info.st_mode & 0o7777
    }

    /// True when `path` exists and is a directory; throws when it exists as something else.
    static func isDirectory(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw AtomicFile.fileError("inspect", path, errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw PomclawError(
                "\(path) exists but is not a directory.",
                next: "Move it out of the way and run pomclaw again.")
        }
        return true
    }

    static func setMode(_ path: String, _ mode: mode_t) throws {
        guard chmod(path, mode) == 0 else { throw AtomicFile.fileError("set the mode of", path, errno) }
    }

    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw AtomicFile.fileError("move \(source) to", destination, errno)
        }
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw AtomicFile.fileError("remove", path, errno)
        }
    }

    /// `mode` as four octal digits, e.g. `0644`.
    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
