import HeapModule

/// Single-source shortest paths (Dijkstra) under a non-negative edge cost, ties broken by hop count
/// and then by edge order, so the tree is deterministic.
struct ShortestPathTree {
    private(set) var cost: [Double]
    private(set) var hops: [Int]
    /// Edge id used to reach each node, or -1.
    private(set) var parentEdge: [Int]
    let source: Int

    private struct Entry: Comparable {
        var cost: Double
        var hops: Int
        var node: Int

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.cost, lhs.hops, lhs.node) < (rhs.cost, rhs.hops, rhs.node)
        }
    }

    /// Builds the tree from `source`. `edgeCost` returns nil for an edge that must not be used;
    /// `bannedNodes` are never entered.
    init(graph: FabricGraph, source: Int, bannedNodes: Set<Int> = [], edgeCost: (Int) -> Double?) {
        self.source = source
        cost = Array(repeating: .infinity, count: graph.nodeCount)
        hops = Array(repeating: .max, count: graph.nodeCount)
        parentEdge = Array(repeating: -1, count: graph.nodeCount)
        cost[source] = 0
        hops[source] = 0
        var settled = Array(repeating: false, count: graph.nodeCount)
        var heap = Heap<Entry>()
        heap.insert(Entry(cost: 0, hops: 0, node: source))
        while let entry = heap.popMin() {
            let node = entry.node
            if settled[node] { continue }
            settled[node] = true
            for edgeID in graph.outgoing[node] {
                let edge = graph.edges[edgeID]
                guard !settled[edge.to], !bannedNodes.contains(edge.to), let weight = edgeCost(edgeID) else { continue }
                let candidate = Entry(cost: cost[node] + weight, hops: hops[node] + 1, node: edge.to)
                if (candidate.cost, candidate.hops) < (cost[edge.to], hops[edge.to]) {
                    cost[edge.to] = candidate.cost
                    hops[edge.to] = candidate.hops
                    parentEdge[edge.to] = edgeID
                    heap.insert(candidate)
                }
            }
        }
    }

    func reaches(_ node: Int) -> Bool { cost[node].isFinite }

    /// Edge ids from the source to `node`, or nil when unreachable.
    func edgePath(to node: Int, in graph: FabricGraph) -> [Int]? {
        guard reaches(node) else { return nil }
        var path: [Int] = []
        var current = node
        while current != source {
            let edge = parentEdge[current]
            path.append(edge)
            current = graph.edges[edge].from
        }
        return path.reversed()
    }
}
