/// One named, append-only schema step of the Weft database.
///
/// Every module keeps its tables in the same database as the topology history, so that a tap
/// service or an allocation can be saved in the same transaction as the topology version it refers to.
/// A module contributes its steps through `TopologyStore(location:additionalMigrations:)`; they run
/// after the topology's own steps, in the order given, each in its own transaction, exactly once per
/// database. Each step carries its SQL for both engines (SQLite tables are STRICT; PostgreSQL uses
/// BIGINT, DOUBLE PRECISION and TEXT with the same column names, so queries are shared).
///
/// Rules that keep old databases readable:
/// - never rename, edit or remove a migration that has shipped; add a new one instead;
/// - prefix identifiers and table names with the module (`taas-v1` creating `taas_service`);
/// - a database whose applied migrations include one this build does not know is refused
///   (`TopologyStoreError.newerSchema`), so every program opening it must pass every module's
///   migrations. Other tables may reference `topology_version(version)`.
public struct StoreMigration: Sendable {
    /// Unique, stable name recorded in the database (`grdb_migrations`, `weft_migrations`).
    public var identifier: String
    /// SQLite statements (several, separated by `;`).
    public var sqlite: String
    /// PostgreSQL statements (several, separated by `;`; run with the simple query protocol).
    public var postgres: String

    public init(_ identifier: String, sqlite: String, postgres: String) {
        self.identifier = identifier
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// A step whose SQL both engines accept as written.
    public init(_ identifier: String, sql: String) {
        self.init(identifier, sqlite: sql, postgres: sql)
    }

    /// The statements for `dialect`.
    public func sql(for dialect: StoreDialect) -> String {
        switch dialect {
        case .sqlite: sqlite
        case .postgres: postgres
        }
    }
}
