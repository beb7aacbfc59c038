import Topology

/// Assembles a WAN topology from undirected cables, as the GraphML and SNDlib importers read them:
/// every cable gets the next free port at each end (`eth1`, `eth2`, … at the cable's speed) and
/// becomes two directed links; nodes become `router`s with datapath ids 1, 2, … in node order.
struct WANBuilder {
    private var nodes: [String]
    private var ports: [String: [Port]] = [:]
    private var links: [Link] = []

    init(nodes: [String]) {
        self.nodes = nodes
    }

    mutating func addCable(_ a: String, _ b: String, capacityBps: Double, latencySeconds: Double = 0) {
        let aEnd = LinkEnd(node: a, port: nextPort(a, speed: capacityBps))
        let bEnd = LinkEnd(node: b, port: nextPort(b, speed: capacityBps))
        links.append(Link(source: aEnd, target: bEnd, capacityBps: capacityBps, latencySeconds: latencySeconds))
        links.append(Link(source: bEnd, target: aEnd, capacityBps: capacityBps, latencySeconds: latencySeconds))
    }

    func topology(named name: String) -> Topology {
        let switches = nodes.enumerated().map { index, node in
            Switch(name: node, datapathID: DatapathID(UInt64(index + 1)), role: .router, ports: ports[node] ?? [])
        }
        return Topology(name: name, switches: switches, links: links)
    }

    private mutating func nextPort(_ node: String, speed: Double) -> UInt32 {
        let number = UInt32(ports[node, default: []].count + 1)
        ports[node, default: []].append(Port(number: number, name: "eth\(number)", speedBps: speed))
        return number
    }
}
