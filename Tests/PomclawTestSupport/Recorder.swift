import Synchronization

/// A thread-safe list that `@Sendable` closures (observers, handlers) append to.
public final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    public init() {}

    public func append(_ item: Element) {
        items.withLock { $0.append(item) }
    }

    /// Everything appended so far, in order.
    public var values: [Element] { items.withLock { $0 } }
}
