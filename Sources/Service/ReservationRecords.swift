import Foundation
import GRDB
import TopologyStore

/// Row mapping of `serve_reservation` and `serve_reservation_use`; every function runs inside the
/// caller's transaction so admission (read the usage, decide, write) is atomic.
enum ReservationRecords {
    /// A stored reservation row does not decode (the file was edited by hand or is damaged).
    struct CorruptRow: Error, CustomStringConvertible {
        var id: String
        var reason: String

        var description: String { "table serve_reservation row '\(id)' is unreadable: \(reason)" }
    }

    /// Rate held per resource by every reservation except `excluded`.
    static func usage(excluding excluded: String?, in db: any StoreTransaction) throws -> [String: Double] {
        let rows = if let excluded {
            try db.fetchAll(sql: """
                SELECT resource, SUM(rate_bps) AS used FROM serve_reservation_use WHERE reservation_id <> ? GROUP BY resource
                """, arguments: [excluded])
        } else {
            try db.fetchAll(sql: "SELECT resource, SUM(rate_bps) AS used FROM serve_reservation_use GROUP BY resource")
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["resource"] as String, $0["used"] as Double) })
    }

    static func insert(_ reservation: PathReservation, uses: [String: Double], in db: any StoreTransaction) throws {
        try db.insert(try ReservationRow(reservation))
        try insertUses(uses, of: reservation.id, in: db)
    }

    /// Replaces a reservation's fields and uses in place (same id, creation time).
    static func update(_ reservation: PathReservation, uses: [String: Double], in db: any StoreTransaction) throws {
        try db.execute(sql: """
            UPDATE serve_reservation SET class = ?, bandwidth_bps = ?, constraints = ?, paths = ?, topology_version = ?,
                                         revision = ?, updated_at = ?
            WHERE id = ?
            """, arguments: [
                reservation.qosClass, reservation.bandwidthBps, try json(reservation.constraints), try json(reservation.paths),
                reservation.topologyVersion, reservation.revision, timestamp(reservation.updatedAt), reservation.id,
            ])
        try db.execute(sql: "DELETE FROM serve_reservation_use WHERE reservation_id = ?", arguments: [reservation.id])
        try insertUses(uses, of: reservation.id, in: db)
    }

    /// Deletes a reservation and its uses; `false` when there was none.
    static func delete(_ id: String, in db: any StoreTransaction) throws -> Bool {
        !(try db.fetchAll(sql: "DELETE FROM serve_reservation WHERE id = ? RETURNING id", arguments: [id])).isEmpty
    }

    static func fetch(_ id: String, in db: any StoreTransaction) throws -> PathReservation? {
        try db.fetchOne(ReservationRow.self, sql: "SELECT * FROM serve_reservation WHERE id = ?", arguments: [id])?.model()
    }

    /// Every reservation in creation order.
    static func all(in db: any StoreTransaction) throws -> [PathReservation] {
        try db.fetchAll(ReservationRow.self, sql: "SELECT * FROM serve_reservation ORDER BY created_at, id").map { try $0.model() }
    }

    /// Total reserved rate per class.
    static func reservedByClass(in db: any StoreTransaction) throws -> [String: Double] {
        let rows = try db.fetchAll(sql: "SELECT class, SUM(bandwidth_bps) AS total FROM serve_reservation GROUP BY class")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["class"] as String, $0["total"] as Double) })
    }

    // MARK: Encoding

    private static func insertUses(_ uses: [String: Double], of id: String, in db: any StoreTransaction) throws {
        for (resource, rate) in uses.sorted(by: { $0.key < $1.key }) {
            try db.insert(UseRow(reservationID: id, resource: resource, rateBps: rate))
        }
    }

    /// A `serve_reservation` row; constraints and paths are JSON text, times ISO 8601 text.
    struct ReservationRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "serve_reservation"
        var id: String
        var tenant: String?
        var source: String
        var destination: String
        var qosClass: String
        var bandwidthBps: Double
        var constraints: String
        var paths: String
        var topologyVersion: Int
        var revision: Int
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case id, tenant, source, destination, constraints, paths, revision
            case qosClass = "class"
            case bandwidthBps = "bandwidth_bps"
            case topologyVersion = "topology_version"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        init(_ reservation: PathReservation) throws {
            id = reservation.id
            tenant = reservation.tenant
            source = reservation.source
            destination = reservation.destination
            qosClass = reservation.qosClass
            bandwidthBps = reservation.bandwidthBps
            constraints = try json(reservation.constraints)
            paths = try json(reservation.paths)
            topologyVersion = reservation.topologyVersion
            revision = reservation.revision
            createdAt = timestamp(reservation.createdAt)
            updatedAt = timestamp(reservation.updatedAt)
        }

        func model() throws -> PathReservation {
            do {
                return PathReservation(
                    id: id, tenant: tenant, source: source, destination: destination, qosClass: qosClass, bandwidthBps: bandwidthBps,
                    constraints: try JSONDecoder().decode(PathConstraints.self, from: Data(constraints.utf8)),
                    paths: try JSONDecoder().decode([ReservedPath].self, from: Data(paths.utf8)),
                    topologyVersion: topologyVersion, revision: revision,
                    createdAt: try date(createdAt), updatedAt: try date(updatedAt))
            } catch let error as CorruptRow {
                throw CorruptRow(id: id, reason: error.reason)
            } catch {
                throw CorruptRow(id: id, reason: String(describing: error))
            }
        }
    }

    /// A `serve_reservation_use` row: what one reservation holds on one resource.
    struct UseRow: Codable, PersistableRecord {
        static let databaseTableName = "serve_reservation_use"
        var reservationID: String
        var resource: String
        var rateBps: Double

        enum CodingKeys: String, CodingKey {
            case resource
            case reservationID = "reservation_id"
            case rateBps = "rate_bps"
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// UTC ISO 8601 with milliseconds; sorts as text in time order.
    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    private static func date(_ text: String) throws -> Date {
        guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) else {
            throw CorruptRow(id: text, reason: "bad timestamp '\(text)'")
        }
        return date
    }
}
