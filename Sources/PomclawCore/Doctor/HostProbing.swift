/// The doctor's view of the host's network and disks: a small port, so the checks can be unit
/// tested with a fake and the real adaptor against real sockets and names on 127.0.0.1.
public protocol HostProbing: Sendable {
    /// Binds a TCP socket to `port` on `address` (an IPv4 literal, `0.0.0.0` for all) and
    /// releases it at once: whether another socket holds the port.
    func bindTCP(port: Int, address: String) -> PortProbe
    /// Resolves `host` (getaddrinfo, TCP): its addresses, or why it has none.
    func resolve(_ host: String) async -> NameResolution
    /// The addresses of this host's network interfaces (IPv4 and IPv6, loopback included).
    func localAddresses() -> Set<String>
    /// Bytes available to unprivileged users on the filesystem holding `path`, or nil when
    /// `path` cannot be examined.
    func availableBytes(atPath path: String) -> UInt64?
}

/// Whether a port could be bound.
public enum PortProbe: Sendable, Equatable {
    /// Bound and released: nothing holds it.
    case free
    /// `EADDRINUSE`: another socket holds it.
    case inUse
    /// Any other failure (e.g. `EACCES` for a port below 1024 without privileges), described.
    case failed(String)
}

/// What resolving a name gave.
public enum NameResolution: Sendable, Equatable {
    /// At least one address, as text.
    case addresses([String])
    /// The name does not exist or has no address (EAI_NONAME, EAI_NODATA); the resolver's text.
    case notFound(String)
    /// The lookup itself failed (no DNS server reachable, EAI_AGAIN, …); the resolver's text.
    case failed(String)
}
