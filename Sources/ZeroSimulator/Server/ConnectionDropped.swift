/// Thrown after a fault closed the client connection, so no response is written.
struct ConnectionDropped: Error {}
