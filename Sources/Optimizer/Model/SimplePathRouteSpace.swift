import Synchronization
import Topology

/// Routes over any loop-free path of up links, or over a fixed candidate set of k shortest paths.
///
/// Resources are the topology's links by index (a link that is down or has no capacity is a
/// resource of capacity 0), so the LP's rows stay put when links fail and come back. With no
/// candidate set, pricing is one Dijkstra per distinct source under the dual link costs, so column
/// generation reaches the optimum over all simple paths (the arc-formulation optimum).
struct SimplePathRouteSpace: LinkRouteSpace {
    let finder: PathFinder
    let capacities: [Double]
    /// k-shortest candidates (link indices) per endpoint pair, when the space is restricted to them.
    private let candidates: [Pair: [[Int]]]?
    /// Fewest-hop trees by source, built once each: starting routes and connectivity checks ask for
    /// one pair at a time, tens of thousands of times on a large WAN.
    private let hopTrees = HopTrees()

    /// A lock-guarded memo of fewest-hop trees (the space is a `Sendable` value shared by copies).
    private final class HopTrees: Sendable {
        let trees = Mutex<[Int: ShortestPathTree]>([:])
    }

    struct Pair: Hashable {
        var source: Int
        var destination: Int
    }

    init(topology: Topology) {
        self.init(finder: PathFinder(topology: topology), candidates: nil)
    }

    /// Restricts routes to the `k` shortest paths (hop count) of each listed pair.
    init(topology: Topology, kShortest k: Int, pairs: [(Int, Int)]) {
        let finder = PathFinder(topology: topology)
        var candidates: [Pair: [[Int]]] = [:]
        for (source, destination) in pairs where candidates[Pair(source: source, destination: destination)] == nil {
            let paths = (try? finder.kShortestPaths(from: finder.graph.nodeNames[source], to: finder.graph.nodeNames[destination], k: k)) ?? []
            candidates[Pair(source: source, destination: destination)] = paths.map(\.links)
        }
        self.init(finder: finder, candidates: candidates)
    }

    /// The same candidate set over a changed topology (same links, new capacities or states).
    func updated(for topology: Topology) -> SimplePathRouteSpace {
        SimplePathRouteSpace(finder: PathFinder(topology: topology), candidates: candidates)
    }

    private init(finder: PathFinder, candidates: [Pair: [[Int]]]?) {
        self.finder = finder
        self.candidates = candidates
        capacities = finder.graph.linkCapacities
    }

    var graph: FabricGraph { finder.graph }

    /// Whether routes are limited to a k-shortest candidate set (otherwise every simple path).
    var isRestricted: Bool { candidates != nil }

    func endpoint(of switchName: String) -> Int? { graph.nodeIndex[switchName] }

    private func route(links: [Int]) -> RouteShape {
        RouteShape(resources: links, tag: links)
    }

    private func usable(_ links: [Int]) -> Bool {
        links.allSatisfy { capacities[$0] > 0 }
    }

    func initialRoute(from source: Int, to destination: Int) -> RouteShape? {
        if source == destination { return route(links: []) }
        if let candidates {
            return candidates[Pair(source: source, destination: destination)]?.first(where: usable).map(route(links:))
        }
        let tree = hopTree(from: source)
        return tree.edgePath(to: destination, in: graph).map { route(links: finder.path(ofEdges: $0).links) }
    }

    private func hopTree(from source: Int) -> ShortestPathTree {
        if let tree = hopTrees.trees.withLock({ $0[source] }) { return tree }
        let tree = ShortestPathTree(graph: graph, source: source) { _ in 1 }
        hopTrees.trees.withLock { $0[source] = tree }
        return tree
    }

    func allRoutes(from source: Int, to destination: Int, limit: Int) throws(OptimizerError) -> [RouteShape] {
        if source == destination { return [route(links: [])] }
        if let candidates {
            return (candidates[Pair(source: source, destination: destination)] ?? []).filter(usable).map(route(links:))
        }
        return try finder.simplePaths(from: graph.nodeNames[source], to: graph.nodeNames[destination], limit: limit).map { route(links: $0.links) }
    }

    func cheapestRoutes(for pairs: [(Int, Int)], costs: [Double]) -> [(route: RouteShape, cost: Double)?] {
        if let candidates {
            return pairs.map { source, destination in
                if source == destination { return (route(links: []), 0) }
                var best: ([Int], Double)?
                for links in candidates[Pair(source: source, destination: destination)] ?? [] where usable(links) {
                    let cost = links.reduce(0) { $0 + costs[$1] }
                    if best == nil || cost < best!.1 { best = (links, cost) }
                }
                return best.map { (route(links: $0.0), $0.1) }
            }
        }
        var trees: [Int: ShortestPathTree] = [:]
        return pairs.map { source, destination in
            if source == destination { return (route(links: []), 0) }
            let tree: ShortestPathTree
            if let cached = trees[source] {
                tree = cached
            } else {
                tree = ShortestPathTree(graph: graph, source: source) { costs[graph.edges[$0].linkIndex] }
                trees[source] = tree
            }
            return tree.edgePath(to: destination, in: graph).map { (route(links: finder.path(ofEdges: $0).links), tree.cost[destination]) }
        }
    }

    func expand(_ route: RouteShape, from source: Int, to destination: Int) -> [(path: Path, share: Double)] {
        [(Path(links: route.tag), 1)]
    }

    /// Over every simple path, the saturated links leaving the part of the graph the source reaches
    /// by unsaturated links, toward nodes that still reach the destination: a cut every path crosses,
    /// found by two graph searches instead of listing paths (a large WAN has too many to list).
    func blockingLinks(from source: Int, to destination: Int, saturated: [Bool]) -> [Int]? {
        if candidates != nil { return blockingLinksOfListedRoutes(from: source, to: destination, saturated: saturated) }
        let forward = graph.reached(from: source, along: \.outgoing, next: \.to) { !saturated[graph.edges[$0].linkIndex] }
        guard !forward[destination] else { return nil }
        let backward = graph.reached(from: destination, along: \.incoming, next: \.from) { _ in true }
        return graph.edges.filter { forward[$0.from] && !forward[$0.to] && backward[$0.to] && saturated[$0.linkIndex] }.map(\.linkIndex).sorted()
    }
}
