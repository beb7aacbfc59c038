import Foundation
import GRDB

/// The leader lease of a PostgreSQL database shared by several Weft instances: one row in `ha_lease`
/// naming the holder, its advertised API address, and a fencing token that grows by one every time
/// the lease changes hands.
///
/// Times are the database server's (`clock_timestamp()`), so instances' clocks do not matter. A lease
/// is taken over when it expired, or at once when the holder's election session (backend pid and start
/// time, recorded in the row) no longer exists on the server: a killed leader, or one that lost its
/// connection, is replaced without waiting for expiry. A paused leader keeps its session, and is
/// replaced when its lease expires; the token then fences it (store writes: `LeaseFence`; switches:
/// OpenFlow `generation_id`).
public struct LeaderLease: Sendable {
    /// The engine the election runs on (its own connection, separate from the store's).
    public let engine: PostgresEngine
    /// This instance's id (unique among the instances sharing the database).
    public let holder: String
    /// Where this instance serves its API, handed to the others for forwarding writes.
    public let address: String
    /// How long a lease lasts without renewal.
    public let duration: Duration

    public init(engine: PostgresEngine, holder: String, address: String, duration: Duration) {
        self.engine = engine
        self.holder = holder
        self.address = address
        self.duration = duration
    }

    /// The schema step creating `ha_lease` (created on SQLite too, where it stays empty).
    public static let migrations: [StoreMigration] = [
        StoreMigration("ha-v1", sqlite: """
            CREATE TABLE ha_lease (
                name TEXT PRIMARY KEY NOT NULL,
                holder TEXT NOT NULL,
                address TEXT NOT NULL,
                token INTEGER NOT NULL,
                holder_pid INTEGER NOT NULL,
                holder_started TEXT NOT NULL,
                acquired_at TEXT NOT NULL,
                renewed_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            ) STRICT;
            """, postgres: """
            CREATE TABLE ha_lease (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                address TEXT NOT NULL,
                token BIGINT NOT NULL CHECK (token > 0),
                holder_pid INTEGER NOT NULL,
                holder_started TIMESTAMPTZ NOT NULL,
                acquired_at TIMESTAMPTZ NOT NULL,
                renewed_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            );
            """),
    ]

    /// The lease as the database sees it now.
    public struct State: Sendable, Hashable {
        public var holder: String
        public var address: String
        public var token: Int64
        /// Seconds since the holder last renewed.
        public var sinceRenewal: Double
        /// Seconds since the holder acquired it.
        public var held: Double
        public var expired: Bool
    }

    /// Tries to take the lease: when nobody holds it, when it expired, or when the holder's database
    /// session is gone. Returns the new fencing token, or `nil` when another instance keeps it.
    public func acquire() throws -> Int64? {
        try engine.session { tx in
            try tx.fetchValue(Int64.self, sql: """
                INSERT INTO ha_lease AS lease (name, holder, address, token, holder_pid, holder_started, acquired_at, renewed_at, expires_at)
                SELECT 'leader', ?, ?, 1, pid, backend_start, clock_timestamp(), clock_timestamp(), clock_timestamp() + make_interval(secs => ?)
                FROM pg_stat_activity WHERE pid = pg_backend_pid()
                ON CONFLICT (name) DO UPDATE SET
                    holder = excluded.holder, address = excluded.address, token = lease.token + 1,
                    holder_pid = excluded.holder_pid, holder_started = excluded.holder_started,
                    acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
                WHERE lease.expires_at <= clock_timestamp()
                   OR NOT EXISTS (SELECT 1 FROM pg_stat_activity AS session
                                  WHERE session.pid = lease.holder_pid AND session.backend_start = lease.holder_started)
                RETURNING token
                """, arguments: [holder, address, seconds])
        }
    }

    /// Extends the lease held with `token`; `false` when it is no longer ours (expired, taken over).
    public func renew(token: Int64) throws -> Bool {
        try engine.session { tx in
            try tx.fetchValue(Int64.self, sql: """
                UPDATE ha_lease SET renewed_at = clock_timestamp(), expires_at = clock_timestamp() + make_interval(secs => ?)
                WHERE name = 'leader' AND holder = ? AND token = ? AND expires_at > clock_timestamp()
                RETURNING token
                """, arguments: [seconds, holder, token]) != nil
        }
    }

    /// Gives the lease up (graceful shutdown or step-down) if it is still ours: it expires now, so
    /// another instance takes over on its next attempt.
    public func release(token: Int64) throws {
        try engine.session { tx in
            try tx.execute(sql: "UPDATE ha_lease SET expires_at = clock_timestamp() WHERE name = 'leader' AND holder = ? AND token = ?",
                           arguments: [holder, token])
        }
    }

    /// The current lease, `nil` before any instance took it.
    public func current() throws -> State? {
        try engine.session { tx in
            try tx.fetchOne(sql: """
                SELECT holder, address, token,
                       EXTRACT(EPOCH FROM clock_timestamp() - renewed_at)::double precision AS since_renewal,
                       EXTRACT(EPOCH FROM clock_timestamp() - acquired_at)::double precision AS held,
                       (expires_at <= clock_timestamp()) AS expired
                FROM ha_lease WHERE name = 'leader'
                """).map { row in
                State(holder: row["holder"], address: row["address"], token: row["token"],
                      sinceRenewal: row["since_renewal"], held: row["held"], expired: row["expired"])
            }
        }
    }

    private var seconds: Double { duration.seconds }
}
