import GRDB

/// The embedded engine: one SQLite file in WAL mode, through GRDB.
///
/// Several processes may open the same file (a `weft serve` and a CLI): SQLite's locking serializes
/// their writes, waiting up to five seconds for a busy lock; after that the call fails with
/// `TopologyStoreError.busy`, which callers turn into a retry (CLI) or a 503 (HTTP).
public struct SQLiteEngine: StoreEngine {
    public let location: String
    public var dialect: StoreDialect { .sqlite }
    /// The connection pool.
    public let database: DatabasePool

    /// Opens (creating if needed) the file at `path`.
    public init(path: String) throws(TopologyStoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        do {
            database = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.openingFailure(error, path: path)
        }
        location = path
    }

    public func migrate(_ migrations: [StoreMigration]) throws(TopologyStoreError) {
        let known = Set(migrations.map(\.identifier))
        let applied: Set<String>
        do {
            applied = try database.read { db in try DatabaseMigrator().appliedIdentifiers(db) }
        } catch {
            throw openingFailure(error)
        }
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw .newerSchema(path: location, unknownMigrations: unknown)
        }
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let identifier = migration.identifier
            let sql = migration.sqlite
            migrator.registerMigration(identifier) { db in
                do {
                    try db.execute(sql: sql)
                } catch {
                    throw MigrationFailure(identifier: identifier, reason: Self.reason(error), busy: Self.isBusy(error))
                }
            }
        }
        do {
            try migrator.migrate(database)
        } catch let failure as MigrationFailure {
            throw failure.busy ? .busy(path: location, reason: failure.reason)
                : .migrationFailed(path: location, identifier: failure.identifier, reason: failure.reason)
        } catch {
            throw openingFailure(error)
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try busyAware { try database.read { db in try body(SQLiteTransaction(db: db)) } }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try busyAware { try database.write { db in try body(SQLiteTransaction(db: db)) } }
    }

    public func close() throws {
        try database.close()
    }

    /// Whether `error` is SQLite's "another connection holds the lock" (`SQLITE_BUSY`, `SQLITE_LOCKED`
    /// and their extended codes), after the busy timeout ran out.
    static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// Runs `body`, turning a busy database into `TopologyStoreError.busy`.
    private func busyAware<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error where Self.isBusy(error) {
            throw TopologyStoreError.busy(path: location, reason: Self.reason(error))
        }
    }

    /// Why opening (reading the applied migrations, or migrating) failed: busy, or cannot open.
    private func openingFailure(_ error: any Error) -> TopologyStoreError {
        Self.openingFailure(error, path: location)
    }

    private static func openingFailure(_ error: any Error, path: String) -> TopologyStoreError {
        isBusy(error) ? .busy(path: path, reason: reason(error)) : .cannotOpen(path: path, reason: reason(error))
    }

    /// Watches the file and its write-ahead log with inotify (see `SQLiteChangeWatch`).
    public func changes() -> AsyncStream<Void> {
        SQLiteChangeWatch.changes(of: location)
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? error.description
        }
        return String(describing: error)
    }

    private struct MigrationFailure: Error {
        var identifier: String
        var reason: String
        var busy: Bool
    }
}

/// A GRDB transaction seen through `StoreTransaction`; statements are cached per connection.
struct SQLiteTransaction: StoreTransaction {
    let db: Database
    var dialect: StoreDialect { .sqlite }

    func execute(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
    }

    func fetchAll(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
    }
}
