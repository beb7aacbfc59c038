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

    var name: String
    var version: TopologyVersion?
    var switchesByRole: [String: Int]
    var links: Int
    var linksUp: Int
    var capacityBps: Double
    var hosts: Int
    var tenants: [String]
    var switches: [SwitchRow]

    enum CodingKeys: String, CodingKey {
        case name, version, links, hosts, tenants, switches
        case switchesByRole = "switches_by_role"
        case linksUp = "links_up"
        case capacityBps = "capacity_bps"
    }

    init(_ topology: Topology, version: TopologyVersion?) {
        name = topology.name
        self.version = version
        switchesByRole = Dictionary(grouping: topology.switches, by: \.role.rawValue).mapValues(\.count)
        links = topology.links.count
        linksUp = topology.links.filter(\.isUp).count
        capacityBps = topology.totalCapacityBps
        hosts = topology.hosts.count
        tenants = topology.tenants.map(\.name)
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
        totals.append(["capacity", BitRate(bitsPerSecond: capacityBps).formatted, "(sum over up links)"])
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
        return lines
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
