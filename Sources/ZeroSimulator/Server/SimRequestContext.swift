import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection, so a fault can close it.
struct SimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }
}
