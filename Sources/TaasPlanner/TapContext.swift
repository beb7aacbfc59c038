import Topology

/// What tap services and flows are validated against: the fabric, and which ports carry tenant traffic.
public struct TapContext: Sendable {
    public var topology: Topology
    /// For each port that is an endpoint of tenant demands, labels of those demands (`h1-1->h2-1`).
    public var tenantTrafficPorts: [LinkEnd: [String]]

    /// `demandEndpoints` are the (source, destination) names of tenant demands; names of hosts mark the
    /// host's port as carrying tenant traffic, `switch:port` names mark that port. Switch-level
    /// endpoints (a whole leaf) mark no single port.
    public init(topology: Topology, demandEndpoints: [(source: String, destination: String)] = []) {
        self.topology = topology
        var ports: [LinkEnd: [String]] = [:]
        for demand in demandEndpoints {
            let label = "\(demand.source)->\(demand.destination)"
            for name in Set([demand.source, demand.destination]) {
                if let host = topology.hostNamed(name) {
                    ports[host.attachment, default: []].append(label)
                } else if case .switchPort(let end)? = PortReference(name), topology.switchNamed(end.node)?.port(end.port) != nil {
                    ports[end, default: []].append(label)
                }
            }
        }
        self.tenantTrafficPorts = ports
    }
}
