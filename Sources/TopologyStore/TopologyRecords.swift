import Foundation
import GRDB
import Topology

/// The rows of the topology history tables as GRDB records (columns by coding key), shared by both
/// engines: `StoreTransaction.insert` writes them, `fetchAll(_:sql:)` reads them.
enum TopologyRecords {
    struct Version: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_version"
        var version: Int
        var savedAt: Date
        var source: String
        var name: String
        var switchCount: Int
        var linkCount: Int
        var hostCount: Int

        enum CodingKeys: String, CodingKey {
            case version, source, name
            case savedAt = "saved_at"
            case switchCount = "switch_count"
            case linkCount = "link_count"
            case hostCount = "host_count"
        }

        var model: TopologyVersion {
            TopologyVersion(number: version, savedAt: savedAt, source: source, name: name,
                            switchCount: switchCount, linkCount: linkCount, hostCount: hostCount)
        }
    }

    struct SwitchRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_switch"
        var version: Int
        var ordinal: Int
        var name: String
        /// The datapath id's bit pattern.
        var dpid: Int64
        var role: String
    }

    struct PortRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_port"
        var version: Int
        var `switch`: String
        var ordinal: Int
        var number: Int64
        var name: String
        var mac: Int64?
        var speedBps: Double
        var up: Bool

        enum CodingKeys: String, CodingKey {
            case version, `switch`, ordinal, number, name, mac, up
            case speedBps = "speed_bps"
        }
    }

    struct LinkRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_link"
        var version: Int
        var ordinal: Int
        var sourceSwitch: String
        var sourcePort: Int64
        var targetSwitch: String
        var targetPort: Int64
        var capacityBps: Double
        var latencyS: Double
        var up: Bool
        /// `CapacitySource` raw value; NULL for a declared capacity (and every row before the column).
        var capacitySource: String?

        enum CodingKeys: String, CodingKey {
            case version, ordinal, up
            case capacitySource = "capacity_source"
            case sourceSwitch = "source_switch"
            case sourcePort = "source_port"
            case targetSwitch = "target_switch"
            case targetPort = "target_port"
            case capacityBps = "capacity_bps"
            case latencyS = "latency_s"
        }
    }

    struct HostRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_host"
        var version: Int
        var ordinal: Int
        var name: String
        var mac: Int64
        var ip: Int64
        var `switch`: String
        var port: Int64
        var tenant: String
    }

    struct TenantRow: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "topology_tenant"
        var version: Int
        var ordinal: Int
        var name: String
        var description: String
    }
}
