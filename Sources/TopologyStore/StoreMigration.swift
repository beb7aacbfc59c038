import Topology

import GRDB

/// One named, append-only schema step in the shared `weft.sqlite` file.
///
/// Every module keeps its tables in the same SQLite file as the topology history, so that a tap
/// service or an allocation can be saved in the same transaction as the topology version it refers to.
/// A module contributes its steps through `TopologyStore(path:additionalMigrations:)`; they run after
/// the topology's own steps, in the order given, each in its own transaction, exactly once per file.
///
/// Rules that keep old files readable:
/// - never rename, edit or remove a migration that has shipped; add a new one instead;
/// - prefix identifiers and table names with the module (`taas-v1` creating `taas_service`);
/// - a file whose applied migrations include one this build does not know is refused
///   (`TopologyStoreError.newerSchema`), so every program opening the file must pass every module's
///   migrations. Other tables may reference `topology_version(version)`.
public struct StoreMigration: Sendable {
    /// Unique, stable name recorded in the file (`grdb_migrations`).
    public var identifier: String
    /// Creates or alters tables; runs inside the migration's transaction.
    public var migrate: @Sendable (Database) throws -> Void

    public init(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }
}
