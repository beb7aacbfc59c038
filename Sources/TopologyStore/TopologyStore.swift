import Foundation
import PostgresNIO
import Topology

/// The topology history of a Weft database: every save appends a numbered version.
///
/// The database is a SQLite file (the default, `SQLiteEngine`) or a PostgreSQL database shared by
/// several instances (`PostgresEngine`, chosen by a `postgres://` location). The same database holds
/// other modules' tables (tap services, allocations, reservations): they pass their `StoreMigration`s
/// when opening, and use `write(_:)` / `read(_:)` for their own transactions, which may also read the
/// topology tables. Every write here is one transaction; a topology with structural problems is
/// refused before anything is written.
public struct TopologyStore: Sendable {
    /// The database as named in messages: the file path, or the URL without its password.
    public let path: String
    /// The engine holding the tables.
    public let engine: any StoreEngine
    /// When set (several instances on PostgreSQL), every write first proves this instance holds the
    /// leader lease with its current token, in the same transaction.
    public let fence: LeaseFence?

    /// Opens (creating if needed) the SQLite file at `path` and applies every migration not yet
    /// applied: the topology's own, then `additionalMigrations` in order.
    public init(path: String, additionalMigrations: [StoreMigration] = []) throws(TopologyStoreError) {
        try self.init(engine: try SQLiteEngine(path: path), additionalMigrations: additionalMigrations)
    }

    /// Opens the database at `location`: a `postgres://user[:password]@host[:port]/database` URL, or
    /// else a SQLite file path (created if needed); then migrates it as `init(path:additionalMigrations:)`.
    /// With a `fence` (PostgreSQL only), writes are refused unless this instance holds the leader lease.
    public init(location: String, additionalMigrations: [StoreMigration] = [], fence: LeaseFence? = nil) throws(TopologyStoreError) {
        if PostgresLocation.isPostgresURL(location) {
            try self.init(engine: try PostgresEngine(url: location), additionalMigrations: additionalMigrations, fence: fence)
        } else {
            guard fence == nil else {
                throw .badLocation(location: location, reason: "several instances (a leader lease) need a postgres:// database")
            }
            try self.init(path: location, additionalMigrations: additionalMigrations)
        }
    }

    /// Migrates `engine` and wraps it. Refuses a database that records a migration this build does not
    /// know: it was written by a newer Weft, and writing to it could lose what that version stored.
    public init(engine: any StoreEngine, additionalMigrations: [StoreMigration] = [], fence: LeaseFence? = nil) throws(TopologyStoreError) {
        let migrations = TopologySchema.migrations + additionalMigrations
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.identifier).inserted {
            try? engine.close()
            throw .duplicateMigration(identifier: migration.identifier)
        }
        do {
            try engine.migrate(migrations)
        } catch {
            try? engine.close()
            throw error
        }
        self.engine = engine
        self.fence = fence
        path = engine.location
    }

    /// Yields after every committed write to this database, from any process (see `StoreEngine.changes()`).
    public func changes() -> AsyncStream<Void> {
        engine.changes()
    }

    /// Closes every connection; further use throws.
    public func close() throws(TopologyStoreError) {
        try wrap { try engine.close() }
    }

    // MARK: Saving

    /// Appends `topology` as a new version, whether or not it changed.
    @discardableResult
    public func save(_ topology: Topology, source: String, at date: Date = Date()) throws(TopologyStoreError) -> TopologyVersion {
        let valid = try validate(topology)
        return try wrap { try write { tx in try TopologySchema.insert(valid, source: source, savedAt: date, in: tx) } }
    }

    /// Appends `topology` as a new version only when it differs from the latest one (element order
    /// does not count), in one transaction, so concurrent savers never record the same change twice.
    /// This is what discovery calls on every LLDP round.
    @discardableResult
    public func saveIfChanged(_ topology: Topology, source: String, at date: Date = Date()) throws(TopologyStoreError) -> SaveOutcome {
        let valid = try validate(topology)
        return try wrap {
            try write { tx in
                if let latest = try TopologySchema.latestVersion(in: tx),
                   TopologyDiff(from: try TopologySchema.topology(of: latest, in: tx), to: valid).isEmpty {
                    return .unchanged(latest)
                }
                return .saved(try TopologySchema.insert(valid, source: source, savedAt: date, in: tx))
            }
        }
    }

    // MARK: Loading

    /// Every version, oldest first.
    public func versions() throws(TopologyStoreError) -> [TopologyVersion] {
        try wrap { try engine.read(TopologySchema.versions(in:)) }
    }

    /// The newest version, or `nil` when nothing was saved yet.
    public func latest() throws(TopologyStoreError) -> StoredTopology? {
        try wrap {
            try engine.read { tx in
                try TopologySchema.latestVersion(in: tx).map { StoredTopology(version: $0, topology: try TopologySchema.topology(of: $0, in: tx)) }
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
            try engine.read { tx in
                try TopologySchema.version(number, in: tx).map { StoredTopology(version: $0, topology: try TopologySchema.topology(of: $0, in: tx)) }
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
    public static func latestVersion(in tx: any StoreTransaction) throws -> TopologyVersion? {
        try TopologySchema.latestVersion(in: tx)
    }

    // MARK: Other modules' transactions

    /// Runs `updates` in one write transaction (committed when it returns, rolled back when it throws);
    /// with a `fence`, only while this instance holds the leader lease (else `LeadershipError`).
    public func write<T>(_ updates: (any StoreTransaction) throws -> T) throws -> T {
        try engine.write { tx in
            try fence?.check(tx)
            return try updates(tx)
        }
    }

    /// Runs `value` on a read-only snapshot.
    public func read<T>(_ value: (any StoreTransaction) throws -> T) throws -> T {
        try engine.read(value)
    }

    /// What went wrong in an engine error, in the engine's own words (SQLite's message, PostgreSQL's
    /// message and SQLSTATE), for errors that name the database.
    public static func reason(_ error: any Error) -> String {
        if error is PSQLError { return PostgresEngine.reason(error) }
        return SQLiteEngine.reason(error)
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
        } catch let error as LeadershipError {
            throw .notLeader(error)
        } catch let error as TopologySchema.RowError {
            throw .corruptRow(path: path, table: error.table, reason: error.reason)
        } catch {
            throw .database(path: path, reason: Self.reason(error))
        }
    }
}
