import Topology

/// The usable part of a topology as an indexed directed graph: up links with positive, finite capacity.
///
/// Nodes are switch names (in topology order, then any names only links mention). Edges keep their
/// `Topology.links` index; each node's outgoing and incoming edges are in link order, so every search over this
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
    private(set) var incoming: [[Int]] = []
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
            incoming[to].append(edges.count)
            edges.append(Edge(from: from, to: to, linkIndex: index, capacity: link.capacityBps,
                              latency: link.latencySeconds.isFinite ? max(0, link.latencySeconds) : 0))
        }
    }

    var nodeCount: Int { nodeNames.count }

    /// Capacity of every topology link by index: 0 for a link that is down or has none.
    var linkCapacities: [Double] {
        edgeOfLink.map { $0.map { edges[$0].capacity } ?? 0 }
    }

    /// The nodes a search from `start` reaches over the edges `usable` accepts, following `along`
    /// (`\.outgoing` forward, `\.incoming` backward) to each edge's `next` end.
    func reached(from start: Int, along: KeyPath<FabricGraph, [[Int]]>, next: KeyPath<Edge, Int>, usable: (Int) -> Bool) -> [Bool] {
        let adjacency = self[keyPath: along]
        var seen = Array(repeating: false, count: nodeCount)
        seen[start] = true
        var stack = [start]
        while let node = stack.popLast() {
            for id in adjacency[node] where usable(id) {
                let other = edges[id][keyPath: next]
                if !seen[other] {
                    seen[other] = true
                    stack.append(other)
                }
            }
        }
        return seen
    }

    @discardableResult
    private mutating func node(_ name: String) -> Int {
        if let index = nodeIndex[name] { return index }
        nodeIndex[name] = nodeNames.count
        nodeNames.append(name)
        outgoing.append([])
        incoming.append([])
        return nodeNames.count - 1
    }
}
