import Foundation
import GRDB
import Optimizer

/// Row mapping of `serve_decision`: one row per re-optimization run. `allocation` holds the allocation
/// installed by the run when `applied`, else the candidate that was held back.
enum DecisionRecords {
    struct CorruptRow: Error, CustomStringConvertible {
        var id: Int64
        var reason: String

        var description: String { "table serve_decision row \(id) is unreadable: \(reason)" }
    }

    /// Stores a decision and returns its row id.
    static func insert(_ decision: ReoptimizationDecision, allocation: Allocation, in db: Database) throws -> Int {
        try db.execute(sql: """
            INSERT INTO serve_decision (decided_at, topology_version, applied, decision, allocation) VALUES (?, ?, ?, ?, ?)
            """, arguments: [
                ReservationRecords.timestamp(decision.decidedAt), decision.topologyVersion, decision.applied,
                try json(decision), try json(allocation),
            ])
        return Int(db.lastInsertedRowID)
    }

    /// The newest decision, if any.
    static func latest(in db: Database) throws -> ReoptimizationDecision? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, decision FROM serve_decision ORDER BY id DESC LIMIT 1") else { return nil }
        var decision: ReoptimizationDecision = try decode(row["decision"], row: row["id"])
        decision.id = row["id"]
        return decision
    }

    /// The allocation installed by the newest applied decision and the topology version it was computed on.
    static func latestApplied(in db: Database) throws -> (allocation: Allocation, topologyVersion: Int)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, topology_version, allocation FROM serve_decision WHERE applied = 1 ORDER BY id DESC LIMIT 1
            """) else { return nil }
        return (try decode(row["allocation"], row: row["id"]), row["topology_version"])
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
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
