import Controller
import Foundation
import GRDB
import TopologyStore

/// Row mapping of `serve_matrix_snapshot` and `serve_matrix_entry`: the measured traffic matrix's
/// history. Public so `weft demands show` and `weft whatif --db` read the newest sample.
public enum MatrixRecords {
    /// Stores `snapshot` with its entries and returns it with its row id.
    public static func insert(_ snapshot: MatrixSnapshot, in db: any StoreTransaction) throws -> MatrixSnapshot {
        guard let id = try db.fetchValue(Int.self, sql: """
            INSERT INTO serve_matrix_snapshot (sampled_at, aggregates, total_bps) VALUES (?, ?, ?) RETURNING id
            """, arguments: [ReservationRecords.timestamp(snapshot.sampledAt), snapshot.entries.count, snapshot.totalBps]) else {
            throw DecisionRecords.CorruptRow(table: "serve_matrix_snapshot", id: 0, reason: "the database returned no id for a new matrix snapshot")
        }
        for entry in snapshot.entries {
            try db.execute(sql: """
                INSERT INTO serve_matrix_entry (snapshot_id, source, destination, class, rate_bps, smoothed_bps, sampled_at, window_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, entry.source, entry.destination, entry.className, entry.rateBps, entry.smoothedBps,
                                 ReservationRecords.timestamp(entry.sampledAt), entry.windowSeconds])
        }
        var stored = snapshot
        stored.id = id
        return stored
    }

    /// The newest snapshot, if any.
    public static func latest(in db: any StoreTransaction) throws -> MatrixSnapshot? {
        try snapshots(sql: "SELECT id, sampled_at FROM serve_matrix_snapshot ORDER BY id DESC LIMIT 1", arguments: [], in: db).first
    }

    /// Snapshots sampled at or after `since`, newest first, at most `limit`.
    public static func history(since: Date, limit: Int, in db: any StoreTransaction) throws -> [MatrixSnapshot] {
        try snapshots(sql: "SELECT id, sampled_at FROM serve_matrix_snapshot WHERE sampled_at >= ? ORDER BY id DESC LIMIT ?",
                      arguments: [ReservationRecords.timestamp(since), limit], in: db)
    }

    /// Deletes the snapshots sampled before `cutoff` and returns how many went.
    public static func prune(before cutoff: Date, in db: any StoreTransaction) throws -> Int {
        let stamp = ReservationRecords.timestamp(cutoff)
        let count = try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM serve_matrix_snapshot WHERE sampled_at < ?", arguments: [stamp]) ?? 0
        guard count > 0 else { return 0 }
        try db.execute(sql: """
            DELETE FROM serve_matrix_entry WHERE snapshot_id IN (SELECT id FROM serve_matrix_snapshot WHERE sampled_at < ?)
            """, arguments: [stamp])
        try db.execute(sql: "DELETE FROM serve_matrix_snapshot WHERE sampled_at < ?", arguments: [stamp])
        return count
    }

    private static func snapshots(sql: String, arguments: [(any DatabaseValueConvertible)?], in db: any StoreTransaction) throws -> [MatrixSnapshot] {
        try db.fetchAll(sql: sql, arguments: arguments).map { row in
            let id: Int = row["id"]
            let entries = try db.fetchAll(sql: """
                SELECT source, destination, class, rate_bps, smoothed_bps, sampled_at, window_seconds FROM serve_matrix_entry
                WHERE snapshot_id = ? ORDER BY source, destination, class
                """, arguments: [id]).map { entry in
                TrafficMatrixMeter.Entry(source: entry["source"], destination: entry["destination"], className: entry["class"],
                                         rateBps: entry["rate_bps"], smoothedBps: entry["smoothed_bps"],
                                         sampledAt: try date(entry["sampled_at"], row: id), windowSeconds: entry["window_seconds"])
            }
            return MatrixSnapshot(id: id, sampledAt: try date(row["sampled_at"], row: id), entries: entries)
        }
    }

    private static func date(_ text: String, row: Int) throws -> Date {
        guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) else {
            throw DecisionRecords.CorruptRow(table: "serve_matrix_snapshot", id: Int64(row), reason: "bad timestamp '\(text)'")
        }
        return date
    }
}
