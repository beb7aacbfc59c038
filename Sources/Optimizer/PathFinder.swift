import Topology

/// Path sets over the up links of a topology: shortest, ECMP, k-shortest (Yen), spine-leaf two-hop
/// and all simple paths.
///
/// Endpoints are switch or host names; a host stands for the switch it is attached to. Every result
/// is sorted (`Path` order: hop count, then link indices), so the same topology always gives the same
/// list. Two endpoints on the same switch give the single empty path.
public struct PathFinder: Sendable {
    public let topology: Topology
    let graph: FabricGraph

    public init(topology: Topology) {
        self.topology = topology
        self.graph = FabricGraph(topology: topology)
    }

    /// The switch an endpoint stands for.
    public func switchName(for endpoint: String) throws(OptimizerError) -> String {
        if topology.switchNamed(endpoint) != nil { return endpoint }
        if let host = topology.hostNamed(endpoint) { return host.attachment.node }
        throw .unknownNode(endpoint)
    }

    /// One shortest path, or nil when the endpoints are not connected.
    public func shortestPath(from source: String, to destination: String, metric: PathMetric = .hops) throws(OptimizerError) -> Path? {
        let (from, to) = try nodes(source, destination)
        if from == to { return Path(links: []) }
        let tree = ShortestPathTree(graph: graph, source: from) { weight(of: $0, metric) }
        return tree.edgePath(to: to, in: graph).map(path(ofEdges:))
    }

    /// Every shortest path (equal cost under `metric`), at most `limit` of them.
    public func ecmpPaths(from source: String, to destination: String, metric: PathMetric = .hops, limit: Int = 1024) throws(OptimizerError) -> [Path] {
        let (from, to) = try nodes(source, destination)
        if from == to { return [Path(links: [])] }
        let tree = ShortestPathTree(graph: graph, source: from) { weight(of: $0, metric) }
        guard tree.reaches(to) else { return [] }
        let tolerance = 1e-9 * max(1, tree.cost[to])
        let tight = graph.edges.indices.filter { id in
            let edge = graph.edges[id]
            guard let weight = weight(of: id, metric), tree.reaches(edge.from) else { return false }
            return abs(tree.cost[edge.from] + weight - tree.cost[edge.to]) <= tolerance
        }
        var tightOut = Array(repeating: [Int](), count: graph.nodeCount)
        for id in tight { tightOut[graph.edges[id].from].append(id) }
        var found: [Path] = []
        var stack: [Int] = []
        var onPath = Array(repeating: false, count: graph.nodeCount)
        func walk(_ node: Int) {
            if found.count >= limit { return }
            if node == to {
                found.append(path(ofEdges: stack))
                return
            }
            onPath[node] = true
            for id in tightOut[node] where !onPath[graph.edges[id].to] {
                stack.append(id)
                walk(graph.edges[id].to)
                stack.removeLast()
            }
            onPath[node] = false
        }
        walk(from)
        return found.sorted()
    }

    /// The `k` shortest loop-free paths (Yen's algorithm), shortest first.
    public func kShortestPaths(from source: String, to destination: String, k: Int, metric: PathMetric = .hops) throws(OptimizerError) -> [Path] {
        let (from, to) = try nodes(source, destination)
        guard k > 0 else { return [] }
        if from == to { return [Path(links: [])] }
        let first = ShortestPathTree(graph: graph, source: from) { weight(of: $0, metric) }
        guard let best = first.edgePath(to: to, in: graph) else { return [] }
        var accepted: [[Int]] = [best]
        var candidates: [(key: PathKey, edges: [Int])] = []
        var known: Set<[Int]> = [best]
        while accepted.count < k {
            let previous = accepted[accepted.count - 1]
            let previousNodes = [from] + previous.map { graph.edges[$0].to }
            for spurIndex in 0..<previous.count {
                let root = Array(previous[..<spurIndex])
                var bannedEdges = Set<Int>()
                for path in accepted where path.count > spurIndex && Array(path[..<spurIndex]) == root {
                    bannedEdges.insert(path[spurIndex])
                }
                let bannedNodes = Set(previousNodes[..<spurIndex])
                let spur = ShortestPathTree(graph: graph, source: previousNodes[spurIndex], bannedNodes: bannedNodes) { id in
                    bannedEdges.contains(id) ? nil : weight(of: id, metric)
                }
                guard let tail = spur.edgePath(to: to, in: graph) else { continue }
                let total = root + tail
                if known.insert(total).inserted {
                    candidates.append((key(of: total, metric), total))
                }
            }
            guard let bestIndex = candidates.indices.min(by: { candidates[$0].key < candidates[$1].key }) else { break }
            accepted.append(candidates.remove(at: bestIndex).edges)
        }
        return accepted.map(path(ofEdges:))
    }

    /// Every leaf → spine → leaf path between two leaves (through switches whose role is `spine`).
    public func spineLeafPaths(from source: String, to destination: String) throws(OptimizerError) -> [Path] {
        let (from, to) = try nodes(source, destination)
        if from == to { return [Path(links: [])] }
        var paths: [Path] = []
        for up in graph.outgoing[from] {
            let spine = graph.edges[up].to
            guard topology.switchNamed(graph.nodeNames[spine])?.role == .spine else { continue }
            for down in graph.outgoing[spine] where graph.edges[down].to == to {
                paths.append(path(ofEdges: [up, down]))
            }
        }
        return paths.sorted()
    }

    /// Every loop-free path; throws when there are more than `limit`.
    public func simplePaths(from source: String, to destination: String, limit: Int = 100_000) throws(OptimizerError) -> [Path] {
        let (from, to) = try nodes(source, destination)
        if from == to { return [Path(links: [])] }
        var found: [Path] = []
        var stack: [Int] = []
        var onPath = Array(repeating: false, count: graph.nodeCount)
        var overflow = false
        func walk(_ node: Int) {
            if overflow { return }
            if node == to {
                if found.count == limit {
                    overflow = true
                } else {
                    found.append(path(ofEdges: stack))
                }
                return
            }
            onPath[node] = true
            for id in graph.outgoing[node] where !onPath[graph.edges[id].to] {
                stack.append(id)
                walk(graph.edges[id].to)
                stack.removeLast()
            }
            onPath[node] = false
        }
        walk(from)
        if overflow { throw .tooManyPaths(demand: "\(source)->\(destination)", limit: limit) }
        return found.sorted()
    }

    // MARK: Helpers

    private struct PathKey: Comparable {
        var cost: Double
        var hops: Int
        var links: [Int]

        static func < (lhs: PathKey, rhs: PathKey) -> Bool {
            if lhs.cost != rhs.cost { return lhs.cost < rhs.cost }
            if lhs.hops != rhs.hops { return lhs.hops < rhs.hops }
            return lhs.links.lexicographicallyPrecedes(rhs.links)
        }
    }

    private func key(of edges: [Int], _ metric: PathMetric) -> PathKey {
        PathKey(cost: edges.reduce(0) { $0 + (weight(of: $1, metric) ?? 0) }, hops: edges.count, links: edges.map { graph.edges[$0].linkIndex })
    }

    private func weight(of edge: Int, _ metric: PathMetric) -> Double? {
        switch metric {
        case .hops: return 1
        case .latency: return graph.edges[edge].latency
        }
    }

    func path(ofEdges edges: [Int]) -> Path {
        Path(links: edges.map { graph.edges[$0].linkIndex })
    }

    private func nodes(_ source: String, _ destination: String) throws(OptimizerError) -> (Int, Int) {
        let from = try switchName(for: source)
        let to = try switchName(for: destination)
        guard let fromIndex = graph.nodeIndex[from] else { throw .unknownNode(from) }
        guard let toIndex = graph.nodeIndex[to] else { throw .unknownNode(to) }
        return (fromIndex, toIndex)
    }
}
