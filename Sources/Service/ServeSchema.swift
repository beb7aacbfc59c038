import GRDB
import TaasPlanner
import Topology
import TopologyStore

/// The tables `weft serve` keeps in the shared Weft SQLite file: path reservations, what each one
/// holds on every resource (for residual-capacity admission), and the history of re-optimization
/// decisions. Pass `ServeSchema.migrations` to `TopologyStore(path:additionalMigrations:)`.
public enum ServeSchema {
    /// Never edit a shipped migration; append a new one.
    public static let migrations: [StoreMigration] = [
        StoreMigration("serve-v1") { db in
            try db.execute(sql: """
                CREATE TABLE serve_reservation (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant TEXT,
                    source TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    class TEXT NOT NULL,
                    bandwidth_bps REAL NOT NULL CHECK (bandwidth_bps > 0),
                    constraints TEXT NOT NULL,
                    paths TEXT NOT NULL,
                    topology_version INTEGER NOT NULL REFERENCES topology_version(version),
                    revision INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE serve_reservation_use (
                    reservation_id TEXT NOT NULL REFERENCES serve_reservation(id) ON DELETE CASCADE,
                    resource TEXT NOT NULL,
                    rate_bps REAL NOT NULL CHECK (rate_bps > 0),
                    PRIMARY KEY (reservation_id, resource)
                ) STRICT;
                CREATE INDEX serve_reservation_use_by_resource ON serve_reservation_use(resource);
                CREATE TABLE serve_decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    decided_at TEXT NOT NULL,
                    topology_version INTEGER REFERENCES topology_version(version),
                    applied INTEGER NOT NULL,
                    decision TEXT NOT NULL,
                    allocation TEXT NOT NULL
                ) STRICT;
                """)
        },
    ]

    /// Every module migration of a Weft database, in order: the tap tables, then `weft serve`'s.
    /// Every program opening the shared file passes these (a file with unknown migrations is refused).
    public static let allMigrations: [StoreMigration] = TapSchema.migrations + migrations
}
