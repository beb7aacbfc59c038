import NIOConcurrencyHelpers

/// Open HTTP connections of one server, shared by every connection's ``HTTPDeadlineHandler``.
final class ConnectionCounter: Sendable {
    private let open = NIOLockedValueBox(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection; `false` when it is beyond the limit (it still counts until closed).
    func opened() -> Bool {
        open.withLockedValue { count in
            count += 1
            return count <= limit
        }
    }

    func closed() {
        open.withLockedValue { $0 -= 1 }
    }
}
