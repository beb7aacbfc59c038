import Foundation
import Topology
import GRDB

/// The topology history in a SQLite file (WAL mode): every save appends a numbered version.
///
/// The same file holds other modules' tables (tap services, allocations, reservations): they pass
/// their `StoreMigration`s when opening, and use `write(_:)` / `read(_:)` (or `database`) for their own
/// transactions, which may also read the topology tables. Every write here is one transaction; a
/// topology with structural problems is refused before anything is written.
///
/// Several processes may open the same file (a `weft serve` and a CLI): SQLite's locking serializes
/// their writes, waiting up to five seconds for a busy lock.
public struct TopologyStore: Sendable {
    /// The file path as given.
    public let path: String
    /// The connection pool; use it for transactions spanning topology and module tables.
    public let database: DatabasePool

    /// Opens (creating if needed) the store at `path` and applies every migration not yet applied:
    /// the topology's own, then `additionalMigrations` in order.
    ///
    /// Refuses a file that records a migration this build does not know: it was written by a newer
    /// Weft, and writing to it could lose what that version stored.
    public init(path: String, additionalMigrations: [StoreMigration] = []) throws(TopologyStoreError) {
        let migrations = TopologySchema.migrations + additionalMigrations
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.identifier).inserted {
            throw .duplicateMigration(identifier: migration.identifier)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        self.path = path
        self.database = pool
        let known = Set(migrations.map(\.identifier))
        let applied: Set<String>
        do {
            applied = try pool.read { db in try DatabaseMigrator().appliedIdentifiers(db) }
        } catch {
            try? pool.close()
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            try? pool.close()
            throw .newerSchema(path: path, unknownMigrations: unknown)
        }
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let identifier = migration.identifier
            let body = migration.migrate
            migrator.registerMigration(identifier) { db in
                do {
                    try body(db)
                } catch {
                    throw MigrationFailure(identifier: identifier, reason: Self.reason(error))
                }
            }
        }
        do {
            try migrator.migrate(pool)
        } catch let failure as MigrationFailure {
            try? pool.close()
            throw .migrationFailed(path: path, identifier: failure.identifier, reason: failure.reason)
        } catch {
            try? pool.close()
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// Closes every connection; further use throws. Also happens when the last copy is released.
    public func close() throws(TopologyStoreError) {
        try wrap { try database.close() }
    }

    // MARK: Saving

    /// Appends `topology` as a new version, whether or not it changed.
    @discardableResult
    public func save(_ topology: Topology, source: String, at date: Date = Date()) throws(TopologyStoreError) -> TopologyVersion {
        let valid = try validate(topology)
        return try wrap { try database.write { db in try TopologySchema.insert(valid, source: source, savedAt: date, in: db) } }
    }

    /// Appends `topology` as a new version only when it differs from the latest one (element order
    /// does not count), in one transaction, so concurrent savers never record the same change twice.
    /// This is what discovery calls on every LLDP round.
    @discardableResult
    public func saveIfChanged(_ topology: Topology, source: String, at date: Date = Date()) throws(TopologyStoreError) -> SaveOutcome {
        let valid = try validate(topology)
        return try wrap {
            try database.write { db in
                if let latest = try TopologySchema.latestVersion(in: db),
                   TopologyDiff(from: try TopologySchema.topology(of: latest, in: db), to: valid).isEmpty {
                    return .unchanged(latest)
                }
                return .saved(try TopologySchema.insert(valid, source: source, savedAt: date, in: db))
            }
        }
    }

    // MARK: Loading

    /// Every version, oldest first.
    public func versions() throws(TopologyStoreError) -> [TopologyVersion] {
        try wrap { try database.read(TopologySchema.versions(in:)) }
    }

    /// The newest version, or `nil` when nothing was saved yet.
    public func latest() throws(TopologyStoreError) -> StoredTopology? {
        try wrap {
            try database.read { db in
                try TopologySchema.latestVersion(in: db).map { StoredTopology(version: $0, topology: try TopologySchema.topology(of: $0, in: db)) }
            }
        }
    }

    /// The newest version; throws `.empty` when nothing was saved yet.
    public func loadLatest() throws(TopologyStoreError) -> StoredTopology {
        guard let stored = try latest() else { throw .empty(path: path) }
        return stored
    }

    /// Version `number`; throws `.noSuchVersion` when there is none.
    public func load(version number: Int) throws(TopologyStoreError) -> StoredTopology {
        let stored = try wrap {
            try database.read { db in
                try TopologySchema.version(number, in: db).map { StoredTopology(version: $0, topology: try TopologySchema.topology(of: $0, in: db)) }
            }
        }
        guard let stored else { throw .noSuchVersion(path: path, version: number) }
        return stored
    }

    /// What changed from version `old` to version `new`.
    public func diff(from old: Int, to new: Int) throws(TopologyStoreError) -> TopologyDiff {
        TopologyDiff(from: try load(version: old).topology, to: try load(version: new).topology)
    }

    /// The newest history entry inside a caller's transaction, e.g. to record which topology
    /// version an allocation was computed for.
    public static func latestVersion(in db: Database) throws -> TopologyVersion? {
        try TopologySchema.latestVersion(in: db)
    }

    // MARK: Other modules' transactions

    /// Runs `updates` in one write transaction (committed when it returns, rolled back when it throws).
    public func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try database.write(updates)
    }

    /// Runs `value` on a read-only snapshot of the file.
    public func read<T>(_ value: (Database) throws -> T) throws -> T {
        try database.read(value)
    }

    // MARK: Helpers

    private func validate(_ topology: Topology) throws(TopologyStoreError) -> Topology {
        do {
            return try topology.validated()
        } catch {
            throw .invalidTopology(error)
        }
    }

    private func wrap<T>(_ body: () throws -> T) throws(TopologyStoreError) -> T {
        do {
            return try body()
        } catch let error as TopologyStoreError {
            throw error
        } catch let error as TopologySchema.RowError {
            throw .corruptRow(path: path, table: error.table, reason: error.reason)
        } catch {
            throw .database(path: path, reason: Self.reason(error))
        }
    }

    private struct MigrationFailure: Error {
        var identifier: String
        var reason: String
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? error.description
        }
        return String(describing: error)
    }
}
