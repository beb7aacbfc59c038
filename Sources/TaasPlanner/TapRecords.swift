import Foundation
import GRDB

/// The rows of `taas_service` and `taas_flow` as GRDB records (columns by coding key), used by
/// `TapStore` on both engines. Ports are stored in their text form, filters as JSON text.
enum TapRecords {
    struct ServiceRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "taas_service"
        var id: String
        var name: String
        var description: String
        var tenant: String
        var port: String
        var taasID: Int64
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, description, tenant, port
            case taasID = "taas_id"
            case createdAt = "created_at"
        }

        init(_ service: TapService, createdAt: String) {
            id = service.id
            name = service.name
            description = service.description
            tenant = service.tenant
            port = service.port.description
            taasID = Int64(service.taasID)
            self.createdAt = createdAt
        }

        func model() throws(TapRecords.Corrupt) -> TapService {
            guard let port = PortReference(port) else { throw Corrupt(table: Self.databaseTableName, id: id, reason: "empty port") }
            guard let taasID = UInt16(exactly: taasID) else { throw Corrupt(table: Self.databaseTableName, id: id, reason: "taas_id out of range") }
            return TapService(id: id, name: name, description: description, tenant: tenant, port: port, taasID: taasID)
        }
    }

    struct FlowRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "taas_flow"
        var id: String
        var name: String
        var description: String
        var tenant: String
        var tapServiceID: String
        var sourcePort: String
        var direction: String
        var filter: String?
        var maxRateBps: Double?
        var samplingFloor: Double
        var weight: Double
        var truncateBytes: Int64?
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, description, tenant, direction, filter, weight
            case tapServiceID = "tap_service_id"
            case sourcePort = "source_port"
            case maxRateBps = "max_rate_bps"
            case samplingFloor = "sampling_floor"
            case truncateBytes = "truncate_bytes"
            case createdAt = "created_at"
        }

        init(_ flow: TapFlow, createdAt: String) throws {
            id = flow.id
            name = flow.name
            description = flow.description
            tenant = flow.tenant
            tapServiceID = flow.tapServiceID
            sourcePort = flow.sourcePort.description
            direction = flow.direction.rawValue
            filter = try flow.filter.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            maxRateBps = flow.maxRateBps
            samplingFloor = flow.samplingFloor
            weight = flow.weight
            truncateBytes = flow.truncateBytes.map(Int64.init)
            self.createdAt = createdAt
        }

        func model() throws(TapRecords.Corrupt) -> TapFlow {
            let table = Self.databaseTableName
            guard let source = PortReference(sourcePort) else { throw Corrupt(table: table, id: id, reason: "empty source port") }
            guard let direction = TapDirection(rawValue: direction) else { throw Corrupt(table: table, id: id, reason: "unknown direction") }
            var decodedFilter: MirrorFilter?
            if let filter {
                do {
                    decodedFilter = try JSONDecoder().decode(MirrorFilter.self, from: Data(filter.utf8))
                } catch {
                    throw Corrupt(table: table, id: id, reason: "filter: \(error)")
                }
            }
            return TapFlow(
                id: id, name: name, description: description, tenant: tenant, tapServiceID: tapServiceID, sourcePort: source,
                direction: direction, filter: decodedFilter, maxRateBps: maxRateBps, samplingFloor: samplingFloor, weight: weight,
                truncateBytes: truncateBytes.map(Int.init))
        }
    }

    /// A stored tap row that does not map back to the model.
    struct Corrupt: Error {
        var table: String
        var id: String
        var reason: String
    }
}
