import Foundation
import Topology
import TopologyStore

/// What `weft topo show` prints: totals and one row per switch.
struct TopologySummary: Encodable {
    struct SwitchRow: Encodable {
        var name: String
        var role: String
        var dpid: String
        var ports: Int
        var linksOut: Int
        var capacityOutBps: Double
        var hosts: Int

        enum CodingKeys: String, CodingKey {
            case name, role, dpid, ports, hosts
            case linksOut = "links_out"
            case capacityOutBps = "capacity_out_bps"
        }
    }

    struct LinkRow: Encodable {
        var name: String
        var up: Bool
        var capacityBps: Double
        /// `switch`, `stored`, `default`, or `declared` (from a file or generator).
        var capacitySource: String

        enum CodingKeys: String, CodingKey {
            case name, up
            case capacityBps = "capacity_bps"
            case capacitySource = "capacity_source"
        }
    }

    var name: String
    var version: TopologyVersion?
    var switchesByRole: [String: Int]
    var links: Int
    var linksUp: Int
    var capacityBps: Double
    var hosts: Int
    var tenants: [String]
    var switches: [SwitchRow]
    /// Links per capacity source (`switch`, `stored`, `default`, `declared`).
    var capacitySources: [String: Int]
    /// Every link with its capacity and where it came from (`--links`); `nil` otherwise.
    var linkRows: [LinkRow]?

    enum CodingKeys: String, CodingKey {
        case name, version, links, hosts, tenants, switches
        case capacitySources = "capacity_sources"
        case linkRows = "link_table"
        case switchesByRole = "switches_by_role"
        case linksUp = "links_up"
        case capacityBps = "capacity_bps"
    }

    init(_ topology: Topology, version: TopologyVersion?, listLinks: Bool = false) {
        name = topology.name
        self.version = version
        switchesByRole = Dictionary(grouping: topology.switches, by: \.role.rawValue).mapValues(\.count)
        links = topology.links.count
        linksUp = topology.links.filter(\.isUp).count
        capacityBps = topology.totalCapacityBps
        hosts = topology.hosts.count
        tenants = topology.tenants.map(\.name)
        capacitySources = Dictionary(grouping: topology.links, by: { Self.sourceName($0.capacitySource) }).mapValues(\.count)
        linkRows = listLinks ? topology.links.map {
            LinkRow(name: $0.name, up: $0.isUp, capacityBps: $0.capacityBps, capacitySource: Self.sourceName($0.capacitySource))
        } : nil
        switches = topology.switches.map { node in
            let outgoing = topology.outgoingLinkIndices(of: node.name).map { topology.links[$0] }
            return SwitchRow(
                name: node.name, role: node.role.rawValue, dpid: node.datapathID.description, ports: node.ports.count,
                linksOut: outgoing.count, capacityOutBps: outgoing.filter(\.isUp).reduce(0) { $0 + $1.capacityBps },
                hosts: topology.hosts(attachedTo: node.name).count
            )
        }
    }

    var lines: [String] {
        var lines: [String] = []
        if let version {
            lines.append("Topology \(name): version \(version.number), saved \(Self.timestamp(version.savedAt)) by \"\(version.source)\"")
        } else {
            lines.append("Topology \(name)")
        }
        let roles = SwitchRole.allCases.compactMap { role in switchesByRole[role.rawValue].map { "\($0) \(role.rawValue)" } }
        var totals = TextTable(["", "", ""], rightAligned: [1])
        totals.append(["switches", "\(switches.count)", roles.isEmpty ? "" : "(\(roles.joined(separator: ", ")))"])
        totals.append(["links", "\(links)", "(\(linksUp) up, \(links - linksUp) down; directed)"])
        let counts = (CapacitySource.allCases.map { Self.sourceName($0) } + [Self.sourceName(nil)])
            .compactMap { name in capacitySources[name].map { "\($0) \(Self.sourceLabel(name))" } }
        totals.append(["capacity", BitRate(bitsPerSecond: capacityBps).formatted,
                       "(sum over up links\(counts.isEmpty ? "" : "; links by capacity source: " + counts.joined(separator: ", ")))"])
        totals.append(["hosts", "\(hosts)", ""])
        totals.append(["tenants", "\(tenants.count)", tenants.isEmpty ? "" : "(\(tenants.joined(separator: ", ")))"])
        lines.append("")
        lines += totals.lines.dropFirst().map { "  " + $0.trimmingTrailingSpaces() }
        lines.append("")
        var table = TextTable(["SWITCH", "ROLE", "DPID", "PORTS", "LINKS OUT", "CAPACITY OUT", "HOSTS"], rightAligned: [3, 4, 5, 6])
        for row in switches {
            table.append([row.name, row.role, row.dpid, "\(row.ports)", "\(row.linksOut)", BitRate(bitsPerSecond: row.capacityOutBps).formatted, "\(row.hosts)"])
        }
        lines += table.lines
        if let linkRows {
            var links = TextTable(["LINK", "STATE", "CAPACITY", "CAPACITY FROM"], rightAligned: [2])
            for row in linkRows {
                links.append([row.name, row.up ? "up" : "down", BitRate(bitsPerSecond: row.capacityBps).formatted, Self.sourceLabel(row.capacitySource)])
            }
            lines.append("")
            lines += links.lines
        }
        return lines
    }

    /// The JSON name of a capacity source; `declared` for a capacity a file or generator gave.
    static func sourceName(_ source: CapacitySource?) -> String {
        source?.rawValue ?? "declared"
    }

    /// How the text output names a capacity source.
    static func sourceLabel(_ name: String) -> String {
        name == CapacitySource.switchReported.rawValue ? "switch-reported" : name
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
