import Topology

/// What discovery knows at one moment: switches and ports (with hosts and tenants, if any) and the
/// LLDP observations heard between them. This is the `lldp` topology file format (YAML or JSON):
///
/// ```yaml
/// name: lab
/// switches:
///   - {name: s1, dpid: "0000000000000001", role: leaf, ports: [{number: 1, speed_bps: 10G}]}
///   - {name: s2, dpid: "0000000000000002", role: spine, ports: [{number: 1, speed_bps: 10G}]}
/// observations:
///   - {switch: "0000000000000001", port: 1, neighbour_chassis_id: "dpid:0000000000000002", neighbour_port_id: 1}
///   - {switch: "0000000000000002", port: 1, neighbour_chassis_id: "dpid:0000000000000001", neighbour_port_id: 1}
/// ```
public struct LLDPSnapshot: Hashable, Sendable, Codable {
    public var name: String
    public var switches: [Switch]
    public var hosts: [Host]
    public var tenants: [Tenant]
    public var observations: [LLDPObservation]

    public init(name: String, switches: [Switch], hosts: [Host] = [], tenants: [Tenant] = [], observations: [LLDPObservation]) {
        self.name = name
        self.switches = switches
        self.hosts = hosts
        self.tenants = tenants
        self.observations = observations
    }

    /// The switches, hosts and tenants as a topology without links.
    public var unlinkedTopology: Topology {
        Topology(name: name, switches: switches, hosts: hosts, tenants: tenants)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "lldp"
        switches = try container.decode([Switch].self, forKey: .switches)
        hosts = try container.decodeIfPresent([Host].self, forKey: .hosts) ?? []
        tenants = try container.decodeIfPresent([Tenant].self, forKey: .tenants) ?? []
        observations = try container.decode([LLDPObservation].self, forKey: .observations)
    }
}
