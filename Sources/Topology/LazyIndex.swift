import Foundation

/// A lookup table built on first use and kept until its owner drops it.
///
/// `Topology` holds one per indexed collection and replaces it with a fresh, empty one whenever the
/// collection changes, so edits cost O(1) and the table is rebuilt once, at the next lookup. Copies of
/// a topology share the box until one of them is edited; the lock makes the first build safe when
/// several threads look up in shared copies at once.
final class LazyIndex<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var built: Value?

    init() {}

    /// The table, built with `build` if this is the first lookup.
    func value(_ build: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let value = build()
        built = value
        return value
    }
}
