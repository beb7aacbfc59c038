import Foundation
import GRDB
import TopologyStore

/// Holds the store's write lock from another connection for a while: SQLite `BEGIN IMMEDIATE` on a
/// second connection to the file, or a write transaction of another PostgreSQL session (which holds
/// Weft's write advisory lock, as another instance's write does). Runs on its own thread; `init` returns once the lock is held.
public final class WriteLockHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (any Error)?
    private var finished = false

    /// Whether the lock has been given up again.
    public var released: Bool { lock.withLock { finished } }

    public init(location: String, kind: StoreKind, seconds: Int) throws {
        let held = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            do {
                switch kind {
                case .sqlite:
                    try DatabaseQueue(path: location).inTransaction(.immediate) { _ in
                        held.signal()
                        Thread.sleep(forTimeInterval: Double(seconds))
                        return .commit
                    }
                case .postgres:
                    let engine = try PostgresEngine(url: location, statementTimeout: .seconds(seconds + 20))
                    try engine.write { tx in
                        held.signal()
                        try tx.execute(sql: "SELECT pg_sleep(?)", arguments: [Double(seconds)])
                    }
                    try engine.close()
                }
            } catch {
                lock.withLock { failure = error }
                held.signal()
            }
            lock.withLock { finished = true }
        }
        thread.start()
        held.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Waits until the lock is released; rethrows what went wrong holding it.
    public func wait() async throws {
        while !released {
            try await Task.sleep(for: .milliseconds(100))
        }
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
