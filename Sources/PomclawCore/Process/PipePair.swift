import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe whose ends are closed on exec from the moment they exist, so a child started
/// concurrently on another thread cannot inherit them.
struct PipePair {
    var read: Int32
    var write: Int32

    /// A new pipe; `nonBlocking` makes both ends non-blocking.
    init(program: String, nonBlocking: Bool = false) throws(ProcessStartError) {
        var fds: [Int32] = [-1, -1]
        let flags = O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        let made: Int32
        if let pipe2 = Self.pipe2 {
            made = pipe2(&fds, flags)
        } else {
            made = pipe(&fds)
            if made == 0 {
                for fd in fds {
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                    if nonBlocking { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
                }
            }
        }
        guard made == 0 else {
            throw ProcessStartError(program: program, reason: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        read = fds[0]
        write = fds[1]
    }

    /// Closes each descriptor that is not -1.
    static func close(_ descriptors: Int32...) {
        for fd in descriptors where fd >= 0 { _ = Glibc.close(fd) }
    }

    /// glibc's `pipe2`, which the Glibc module does not import; looked up at run time.
    private static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(address, to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
    }()
}
