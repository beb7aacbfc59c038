import Foundation
import GRDB
import Optimizer
import TopologyStore

/// Row mapping of `serve_declared_demand`: the declared demands, in the order they were given. Public
/// so `weft demands import|export|show` read and write the same rows as `PUT /v1/demands`.
public enum DemandRecords {
    /// Replaces every declared demand by `demands` (one transaction: all or nothing).
    public static func replace(with demands: [Demand], at now: Date, in db: any StoreTransaction) throws {
        try db.execute(sql: "DELETE FROM serve_declared_demand")
        let stamp = ReservationRecords.timestamp(now)
        for (position, demand) in demands.enumerated() {
            try db.execute(sql: """
                INSERT INTO serve_declared_demand (position, id, source, destination, rate_bps, class, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [position, demand.id, demand.source, demand.destination, demand.rateBps, demand.qosClass.name, stamp])
        }
    }

    /// When the declared demands were last replaced (UTC ISO 8601, as stored); `nil` when none are stored.
    public static func updatedAt(in db: any StoreTransaction) throws -> String? {
        try db.fetchValue(String.self, sql: "SELECT MAX(updated_at) FROM serve_declared_demand")
    }

    /// Every declared demand in order, its class looked up in `classes`; a class no longer known is an error naming the row.
    public static func all(classes: [QoSClass], in db: any StoreTransaction) throws -> [Demand] {
        let byName = Dictionary(classes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return try db.fetchAll(sql: "SELECT position, id, source, destination, rate_bps, class FROM serve_declared_demand ORDER BY position").map { row in
            let name: String = row["class"]
            guard let qosClass = byName[name] else {
                throw DecisionRecords.CorruptRow(table: "serve_declared_demand", id: row["position"],
                                                 reason: "class '\(name)' is not among the configured classes (\(classes.map(\.name).joined(separator: ", ")))")
            }
            return Demand(id: row["id"], source: row["source"], destination: row["destination"], rateBps: row["rate_bps"], qosClass: qosClass)
        }
    }
}
