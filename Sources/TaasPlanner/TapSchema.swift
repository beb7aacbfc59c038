import GRDB
import Topology
import TopologyStore

/// The tap tables in the shared Weft SQLite file. Pass `TapSchema.migrations` to
/// `TopologyStore(path:additionalMigrations:)` in every program that opens the file.
///
/// `taas_service` and `taas_flow` mirror TaaS's two resources; deleting a service cascades to its
/// flows. Filters are stored as JSON text. Rows keep creation order by rowid.
public enum TapSchema {
    /// Never edit a shipped migration; append a new one.
    public static let migrations: [StoreMigration] = [
        StoreMigration("taas-v1") { db in
            try db.execute(sql: """
                CREATE TABLE taas_service (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    port TEXT NOT NULL,
                    taas_id INTEGER NOT NULL UNIQUE CHECK (taas_id BETWEEN 1 AND 4094),
                    created_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE taas_flow (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    tap_service_id TEXT NOT NULL REFERENCES taas_service(id) ON DELETE CASCADE,
                    source_port TEXT NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('IN', 'OUT', 'BOTH')),
                    filter TEXT,
                    max_rate_bps REAL,
                    sampling_floor REAL NOT NULL,
                    weight REAL NOT NULL,
                    truncate_bytes INTEGER,
                    created_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX taas_flow_by_service ON taas_flow(tap_service_id);
                """)
        },
    ]
}
