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

    /// Rate held per resource by every reservation except `excluded`: the running totals (one row per
    /// resource in use) minus `excluded`'s own uses, so the cost does not grow with the reservation count.
    static func usage(excluding excluded: String?, in db: any StoreTransaction) throws -> [String: Double] {
        var used: [String: Double] = [:]
        for row in try db.fetchAll(sql: "SELECT resource, used_bps FROM serve_resource_usage") {
            used[row["resource"]] = row["used_bps"] as Double
        }
        if let excluded {
            for (resource, rate) in try uses(of: excluded, in: db) {
                used[resource, default: 0] -= rate
            }
        }
        return used
    }

    static func insert(_ reservation: PathReservation, uses: [String: Double], in db: any StoreTransaction) throws {
        try db.insert(try ReservationRow(reservation))
        try insertUses(uses, of: reservation.id, in: db)
        try addToClass(reservation.qosClass, rate: reservation.bandwidthBps, in: db)
        try db.execute(sql: """
            INSERT INTO serve_tenant_total (tenant, reservations) VALUES (?, 1)
            ON CONFLICT (tenant) DO UPDATE SET reservations = serve_tenant_total.reservations + 1
            """, arguments: [reservation.tenant ?? ""])
    }

    /// Replaces a reservation's fields and uses in place (same id, creation time).
    static func update(_ reservation: PathReservation, uses: [String: Double], in db: any StoreTransaction) throws {
        guard let previous = try db.fetchOne(sql: "SELECT class, bandwidth_bps FROM serve_reservation WHERE id = ?", arguments: [reservation.id]) else {
            return
        }
        try db.execute(sql: """
            UPDATE serve_reservation SET class = ?, bandwidth_bps = ?, constraints = ?, paths = ?, topology_version = ?,
                                         revision = ?, updated_at = ?
            WHERE id = ?
            """, arguments: [
                reservation.qosClass, reservation.bandwidthBps, try WireJSON.text(reservation.constraints), try WireJSON.text(reservation.paths),
                reservation.topologyVersion, reservation.revision, timestamp(reservation.updatedAt), reservation.id,
            ])
        try removeUses(of: reservation.id, in: db)
        try insertUses(uses, of: reservation.id, in: db)
        try removeFromClass(previous["class"], rate: previous["bandwidth_bps"], in: db)
        try addToClass(reservation.qosClass, rate: reservation.bandwidthBps, in: db)
    }

    /// Deletes a reservation and its uses; `false` when there was none.
    static func delete(_ id: String, in db: any StoreTransaction) throws -> Bool {
        guard let row = try db.fetchOne(sql: "SELECT tenant, class, bandwidth_bps FROM serve_reservation WHERE id = ?", arguments: [id]) else {
            return false
        }
        try removeUses(of: id, in: db)
        try db.execute(sql: "DELETE FROM serve_reservation WHERE id = ?", arguments: [id])
        try removeFromClass(row["class"], rate: row["bandwidth_bps"], in: db)
        let tenant = (row["tenant"] as String?) ?? ""
        try db.execute(sql: "UPDATE serve_tenant_total SET reservations = reservations - 1 WHERE tenant = ?", arguments: [tenant])
        try db.execute(sql: "DELETE FROM serve_tenant_total WHERE tenant = ? AND reservations <= 0", arguments: [tenant])
        return true
    }

    static func fetch(_ id: String, in db: any StoreTransaction) throws -> PathReservation? {
        try db.fetchOne(ReservationRow.self, sql: "SELECT * FROM serve_reservation WHERE id = ?", arguments: [id])?.model()
    }

    /// Every reservation in creation order.
    static func all(in db: any StoreTransaction) throws -> [PathReservation] {
        try db.fetchAll(ReservationRow.self, sql: "SELECT * FROM serve_reservation ORDER BY created_at, id").map { try $0.model() }
    }

    /// Up to `limit` reservations matching `query`'s filters, in creation order, after the reservation
    /// `query.marker` (an index range seek: the cost grows with `limit`, not with the stored count nor
    /// with how deep the page is).
    /// `nil` when the marker names no reservation.
    static func page(_ query: PathListQuery, limit: Int, in db: any StoreTransaction) throws -> [PathReservation]? {
        var after: (createdAt: String, id: String)?
        if let marker = query.marker {
            guard let createdAt = try db.fetchValue(String.self, sql: "SELECT created_at FROM serve_reservation WHERE id = ?", arguments: [marker]) else {
                return nil
            }
            after = (createdAt, marker)
        }
        let (sql, arguments) = pageStatement(query, limit: limit, after: after)
        return try db.fetchAll(ReservationRow.self, sql: sql, arguments: arguments).map { try $0.model() }
    }

    /// The page query: `query`'s filters, rows after `after` (the marker's creation time and id), at
    /// most `limit`. The marker is a row value, not `created_at > ? OR (created_at = ? AND id > ?)`, so
    /// both engines seek the `(…, created_at, id)` index to it instead of scanning every row before it.
    static func pageStatement(_ query: PathListQuery, limit: Int, after: (createdAt: String, id: String)?)
        -> (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for (column, value) in [("source", query.source), ("destination", query.destination), ("class", query.qosClass), ("tenant", query.tenant)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(value)
        }
        if let after {
            conditions.append("(created_at, id) > (?, ?)")
            arguments += [after.createdAt, after.id]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        return ("SELECT * FROM serve_reservation \(filter) ORDER BY created_at, id LIMIT ?", arguments)
    }

    /// Source and destination of every reservation, each pair once.
    static func endpoints(in db: any StoreTransaction) throws -> [(source: String, destination: String)] {
        try db.fetchAll(sql: "SELECT DISTINCT source, destination FROM serve_reservation").map { ($0["source"], $0["destination"]) }
    }

    /// Number of reservations and total reserved rate per class (running totals).
    static func totalsByClass(in db: any StoreTransaction) throws -> [String: (reservations: Int, bandwidthBps: Double)] {
        var totals: [String: (reservations: Int, bandwidthBps: Double)] = [:]
        for row in try db.fetchAll(sql: "SELECT class, reservations, bandwidth_bps FROM serve_class_total") {
            totals[row["class"]] = (row["reservations"], row["bandwidth_bps"])
        }
        return totals
    }

    /// Reservations held by `tenant` (`nil`: those made without `tenant_id`), from the running totals.
    static func count(ofTenant tenant: String?, in db: any StoreTransaction) throws -> Int {
        try db.fetchValue(Int.self, sql: "SELECT reservations FROM serve_tenant_total WHERE tenant = ?", arguments: [tenant ?? ""]) ?? 0
    }

    // MARK: Running totals

    private static func uses(of id: String, in db: any StoreTransaction) throws -> [(resource: String, rate: Double)] {
        try db.fetchAll(sql: "SELECT resource, rate_bps FROM serve_reservation_use WHERE reservation_id = ?", arguments: [id])
            .map { ($0["resource"], $0["rate_bps"]) }
    }

    /// Deletes a reservation's uses and subtracts them from the totals; a resource nobody holds any
    /// more loses its row (so rounding never accumulates on an idle resource).
    private static func removeUses(of id: String, in db: any StoreTransaction) throws {
        for (resource, rate) in try uses(of: id, in: db) {
            try db.execute(sql: "UPDATE serve_resource_usage SET used_bps = used_bps - ?, holders = holders - 1 WHERE resource = ?",
                           arguments: [rate, resource])
            try db.execute(sql: "DELETE FROM serve_resource_usage WHERE resource = ? AND holders <= 0", arguments: [resource])
        }
        try db.execute(sql: "DELETE FROM serve_reservation_use WHERE reservation_id = ?", arguments: [id])
    }

    private static func addToClass(_ qosClass: String, rate: Double, in db: any StoreTransaction) throws {
        try db.execute(sql: """
            INSERT INTO serve_class_total (class, reservations, bandwidth_bps) VALUES (?, 1, ?)
            ON CONFLICT (class) DO UPDATE SET reservations = serve_class_total.reservations + 1,
                                              bandwidth_bps = serve_class_total.bandwidth_bps + excluded.bandwidth_bps
            """, arguments: [qosClass, rate])
    }

    private static func removeFromClass(_ qosClass: String, rate: Double, in db: any StoreTransaction) throws {
        try db.execute(sql: "UPDATE serve_class_total SET reservations = reservations - 1, bandwidth_bps = bandwidth_bps - ? WHERE class = ?",
                       arguments: [rate, qosClass])
        try db.execute(sql: "DELETE FROM serve_class_total WHERE class = ? AND reservations <= 0", arguments: [qosClass])
    }

    // MARK: Encoding

    private static func insertUses(_ uses: [String: Double], of id: String, in db: any StoreTransaction) throws {
        for (resource, rate) in uses.sorted(by: { $0.key < $1.key }) {
            try db.insert(UseRow(reservationID: id, resource: resource, rateBps: rate))
            try db.execute(sql: """
                INSERT INTO serve_resource_usage (resource, used_bps, holders) VALUES (?, ?, 1)
                ON CONFLICT (resource) DO UPDATE SET used_bps = serve_resource_usage.used_bps + excluded.used_bps,
                                                     holders = serve_resource_usage.holders + 1
                """, arguments: [resource, rate])
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
            constraints = try WireJSON.text(reservation.constraints)
            paths = try WireJSON.text(reservation.paths)
            topologyVersion = reservation.topologyVersion
            revision = reservation.revision
            createdAt = timestamp(reservation.createdAt)
            updatedAt = timestamp(reservation.updatedAt)
        }

        /// Reads the columns by name, without going through `Decodable` (a page decodes up to 1,001 rows).
        init(row: Row) throws {
            id = row["id"]
            tenant = row["tenant"]
            source = row["source"]
            destination = row["destination"]
            qosClass = row["class"]
            bandwidthBps = row["bandwidth_bps"]
            constraints = row["constraints"]
            paths = row["paths"]
            topologyVersion = row["topology_version"]
            revision = row["revision"]
            createdAt = row["created_at"]
            updatedAt = row["updated_at"]
        }

        func model() throws -> PathReservation {
            do {
                return PathReservation(
                    id: id, tenant: tenant, source: source, destination: destination, qosClass: qosClass, bandwidthBps: bandwidthBps,
                    constraints: try ReservationRecords.decoder.decode(PathConstraints.self, from: Data(constraints.utf8)),
                    paths: try ReservationRecords.decoder.decode([ReservedPath].self, from: Data(paths.utf8)),
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

    /// UTC ISO 8601 with milliseconds; sorts as text in time order.
    static func timestamp(_ date: Date) -> String {
        timestampStyle.format(date)
    }

    /// One decoder and one timestamp style for every row read.
    private static let decoder = JSONDecoder()
    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func date(_ text: String) throws -> Date {
        guard let date = try? timestampStyle.parse(text) else {
            throw CorruptRow(id: text, reason: "bad timestamp '\(text)'")
        }
        return date
    }
}
