import Foundation
import GRDB
import Optimizer
import TopologyStore

/// Row mapping of `serve_decision`: one row per re-optimization run. `allocation` holds the allocation
/// installed by the run when `applied`, else the candidate that was held back.
enum DecisionRecords {
    struct CorruptRow: Error, CustomStringConvertible {
        var table = "serve_decision"
        var id: Int64
        var reason: String

        var description: String { "table \(table) row \(id) is unreadable: \(reason)" }
    }

    /// Stores a decision and returns its row id.
    static func insert(_ decision: ReoptimizationDecision, allocation: Allocation, in db: any StoreTransaction) throws -> Int {
        let id = try db.fetchValue(Int.self, sql: """
            INSERT INTO serve_decision (decided_at, topology_version, applied, decision, allocation) VALUES (?, ?, ?, ?, ?) RETURNING id
            """, arguments: [
                ReservationRecords.timestamp(decision.decidedAt), decision.topologyVersion, decision.applied,
                try WireJSON.text(decision), try WireJSON.text(allocation),
            ])
        guard let id else { throw CorruptRow(id: 0, reason: "the database returned no id for a new decision") }
        return id
    }

    /// The newest decision, if any.
    static func latest(in db: any StoreTransaction) throws -> ReoptimizationDecision? {
        guard let row = try db.fetchOne(sql: "SELECT id, decision FROM serve_decision ORDER BY id DESC LIMIT 1") else { return nil }
        var decision: ReoptimizationDecision = try decode(row["decision"], row: row["id"])
        decision.id = row["id"]
        return decision
    }

    /// The allocation installed by the newest applied decision and the topology version it was computed on.
    static func latestApplied(in db: any StoreTransaction) throws -> (allocation: Allocation, topologyVersion: Int)? {
        guard let row = try db.fetchOne(sql: """
            SELECT id, topology_version, allocation FROM serve_decision WHERE applied = 1 ORDER BY id DESC LIMIT 1
            """) else { return nil }
        return (try decode(row["allocation"], row: row["id"]), row["topology_version"])
    }

    /// The row id of the newest applied decision, if any: cheap to compare before loading its allocation.
    static func latestAppliedID(in db: any StoreTransaction) throws -> Int64? {
        try db.fetchValue(Int64.self, sql: "SELECT id FROM serve_decision WHERE applied = 1 ORDER BY id DESC LIMIT 1")
    }

    private static func decode<T: Decodable>(_ text: String, row: Int64) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(id: row, reason: String(describing: error))
        }
    }
}
