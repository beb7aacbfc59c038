import Topology

/// The usable part of a topology as an indexed directed graph: up links with positive, finite capacity.
///
/// Nodes are switch names (in topology order, then any names only links mention). Edges keep their
/// `Topology.links` index; each node's outgoing edges are in link order, so every search over this
/// graph is deterministic.
struct FabricGraph: Sendable {
    struct Edge: Sendable {
        var from: Int
        var to: Int
        var linkIndex: Int
        var capacity: Double
        var latency: Double
    }

    private(set) var nodeNames: [String] = []
    private(set) var nodeIndex: [String: Int] = [:]
    private(set) var edges: [Edge] = []
    private(set) var outgoing: [[Int]] = []
    /// Edge id of each link index, or nil for links that are down or have no capacity.
    private(set) var edgeOfLink: [Int?] = []

    init(topology: Topology) {
        for item in topology.switches {
            node(item.name)
        }
        edgeOfLink = Array(repeating: nil, count: topology.links.count)
        for (index, link) in topology.links.enumerated() {
            guard link.isUp, link.capacityBps > 0, link.capacityBps.isFinite, link.source.node != link.target.node else { continue }
            let from = node(link.source.node)
            let to = node(link.target.node)
            edgeOfLink[index] = edges.count
            outgoing[from].append(edges.count)
            edges.append(Edge(from: from, to: to, linkIndex: index, capacity: link.capacityBps,
                              latency: link.latencySeconds.isFinite ? max(0, link.latencySeconds) : 0))
        }
    }

    var nodeCount: Int { nodeNames.count }

    @discardableResult
    private mutating func node(_ name: String) -> Int {
        if let index = nodeIndex[name] { return index }
        nodeIndex[name] = nodeNames.count
        nodeNames.append(name)
        outgoing.append([])
        return nodeNames.count - 1
    }
}
