/// A SQL engine holding Weft's tables: the topology history and every module's rows.
///
/// Two implementations exist: `SQLiteEngine` (one file, GRDB; the default) and `PostgresEngine`
/// (a PostgreSQL database shared by several Weft instances, PostgresNIO). Weft's operations are written
/// once, over `StoreTransaction`, and run unchanged on both.
///
/// Writes are serialized across every process using the same database (SQLite's file lock,
/// a PostgreSQL transaction-level advisory lock), so a read-decide-write inside one `write` is atomic.
public protocol StoreEngine: Sendable {
    /// What the store was opened from (a file path or a URL without its password); named in errors.
    var location: String { get }
    var dialect: StoreDialect { get }
    /// Applies every migration not yet applied, in order, each in its own transaction; refuses a
    /// database that records a migration not in `migrations` (written by a newer Weft).
    func migrate(_ migrations: [StoreMigration]) throws(TopologyStoreError)
    /// Runs `body` on a consistent read-only snapshot.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Closes every connection; further use throws.
    func close() throws
    /// Yields once the watch is in place (read the state then: no later commit is missed), then after
    /// write transactions commit, by this process or any other using the same database, so a runtime can
    /// follow the store without polling it. Bursts collapse into one element while the consumer is busy;
    /// the consumer re-reads what it needs. Ending the iteration ends the watch.
    func changes() -> AsyncStream<Void>
}
