import TopologyStore

/// The tap tables in the shared Weft database. Pass `TapSchema.migrations` to
/// `TopologyStore(location:additionalMigrations:)` in every program that opens it.
///
/// `taas_service` and `taas_flow` mirror TaaS's two resources; deleting a service cascades to its
/// flows. Filters are stored as JSON text. Rows keep creation order by `rowid` (SQLite's implicit
/// one; an identity column of that name on PostgreSQL).
public enum TapSchema {
    /// Never edit a shipped migration; append a new one.
    public static let migrations: [StoreMigration] = [
        StoreMigration("taas-v1", sqlite: """
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
                """, postgres: """
                CREATE TABLE taas_service (
                    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    port TEXT NOT NULL,
                    taas_id BIGINT NOT NULL UNIQUE CHECK (taas_id BETWEEN 1 AND 4094),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE taas_flow (
                    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    tap_service_id TEXT NOT NULL REFERENCES taas_service(id) ON DELETE CASCADE,
                    source_port TEXT NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('IN', 'OUT', 'BOTH')),
                    filter TEXT,
                    max_rate_bps DOUBLE PRECISION,
                    sampling_floor DOUBLE PRECISION NOT NULL,
                    weight DOUBLE PRECISION NOT NULL,
                    truncate_bytes BIGINT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX taas_flow_by_service ON taas_flow(tap_service_id);
                """),
    ]
}
