import Topology

/// The up-down routes of a three-tier fat tree: edge → aggregation → edge inside a pod, edge →
/// aggregation → core → aggregation → edge between pods, over every usable parallel link.
///
/// These are the paths a fat tree's ECMP forwards on (no valleys, no detours through another edge
/// switch), `(k/2)²` per pair of pods in a k-ary fat tree, so the all-paths LP is small enough for
/// glpsol, and pricing is a closed form: per source, the cheapest way up to every core, then down to
/// every destination. Resources are the topology's links (`LinkRouteSpace`). The levels come from the
/// graph (`FatTreeLevels`), so a generated fat tree and the same fabric imported without roles get
/// the same routes.
struct FatTreeRouteSpace: LinkRouteSpace {
    let graph: FabricGraph
    let levels: FatTreeLevels
    let capacities: [Double]
    /// Level of every node of `graph`.
    let level: [Level]
    /// Pod index of every edge and aggregation switch, -1 for cores.
    let pod: [Int]

    enum Level {
        case edge, aggregation, core
    }

    init(topology: Topology, levels: FatTreeLevels) {
        let graph = FabricGraph(topology: topology)
        self.graph = graph
        self.levels = levels
        capacities = graph.linkCapacities
        var level = Array(repeating: Level.edge, count: graph.nodeCount)
        var pod = Array(repeating: -1, count: graph.nodeCount)
        for name in levels.aggregations { if let node = graph.nodeIndex[name] { level[node] = .aggregation } }
        for name in levels.cores { if let node = graph.nodeIndex[name] { level[node] = .core } }
        for (number, members) in levels.pods.enumerated() {
            for name in members.edges + members.aggregations { if let node = graph.nodeIndex[name] { pod[node] = number } }
        }
        self.level = level
        self.pod = pod
    }

    func updated(for topology: Topology) -> FatTreeRouteSpace {
        FatTreeRouteSpace(topology: topology, levels: levels)
    }

    func endpoint(of switchName: String) -> Int? {
        graph.nodeIndex[switchName].flatMap { level[$0] == .edge && pod[$0] >= 0 ? $0 : nil }
    }

    private static let local = RouteShape(resources: [], tag: [])

    private func route(_ edges: [Int]) -> RouteShape {
        let links = edges.map { graph.edges[$0].linkIndex }
        return RouteShape(resources: links, tag: links)
    }

    /// Calls `body` with the edges of every up-down route from `source` to `destination` until it returns false.
    private func forEachRoute(from source: Int, to destination: Int, _ body: ([Int]) -> Bool) {
        let samePod = pod[source] == pod[destination]
        for up in graph.outgoing[source] {
            let aggregation = graph.edges[up].to
            guard level[aggregation] == .aggregation else { continue }
            for next in graph.outgoing[aggregation] {
                let node = graph.edges[next].to
                if samePod {
                    if node == destination, !body([up, next]) { return }
                    continue
                }
                guard level[node] == .core else { continue }
                for down in graph.outgoing[node] where pod[graph.edges[down].to] == pod[destination] {
                    for last in graph.outgoing[graph.edges[down].to] where graph.edges[last].to == destination {
                        if !body([up, next, down, last]) { return }
                    }
                }
            }
        }
    }

    func initialRoute(from source: Int, to destination: Int) -> RouteShape? {
        if source == destination { return Self.local }
        var first: [Int]?
        forEachRoute(from: source, to: destination) { edges in
            first = edges
            return false
        }
        return first.map(route)
    }

    func allRoutes(from source: Int, to destination: Int, limit: Int) throws(OptimizerError) -> [RouteShape] {
        if source == destination { return [Self.local] }
        var routes: [RouteShape] = []
        var overflow = false
        forEachRoute(from: source, to: destination) { edges in
            guard routes.count < limit else {
                overflow = true
                return false
            }
            routes.append(route(edges))
            return true
        }
        if overflow { throw .tooManyPaths(demand: "\(graph.nodeNames[source])->\(graph.nodeNames[destination])", limit: limit) }
        return routes
    }

    /// Per source: the cheapest edge up to each aggregation switch of its pod, from there to each core,
    /// and from the cores down to each aggregation switch of another pod; a destination then takes the
    /// cheapest of its incoming links from those.
    func cheapestRoutes(for pairs: [(Int, Int)], costs: [Double]) -> [(route: RouteShape, cost: Double)?] {
        var reached: [Int: Reach] = [:]
        return pairs.map { source, destination in
            if source == destination { return (Self.local, 0) }
            let reach = reached[source] ?? Reach(space: self, source: source, costs: costs)
            reached[source] = reach
            var best: (edge: Int, cost: Double)?
            for last in graph.incoming[destination] {
                let aggregation = graph.edges[last].from
                guard level[aggregation] == .aggregation, let via = reach.at[aggregation] else { continue }
                let cost = via.cost + costs[graph.edges[last].linkIndex]
                if best == nil || cost < best!.cost { best = (last, cost) }
            }
            guard let best else { return nil }
            var edges = [best.edge]
            var node = graph.edges[best.edge].from
            while let edge = reach.at[node]?.edge {
                edges.append(edge)
                node = graph.edges[edge].from
            }
            return (route(edges.reversed()), best.cost)
        }
    }

    /// The cheapest up-down prefix from one source to every aggregation and core switch: the cost and
    /// the last edge.
    private struct Reach {
        var at: [Int: (cost: Double, edge: Int)] = [:]

        init(space: FatTreeRouteSpace, source: Int, costs: [Double]) {
            let graph = space.graph
            var cores: [Int] = []
            func relax(_ edge: Int, from base: Double) -> Bool {
                let node = graph.edges[edge].to
                let cost = base + costs[graph.edges[edge].linkIndex]
                guard at[node] == nil || cost < at[node]!.cost else { return false }
                let fresh = at[node] == nil
                at[node] = (cost, edge)
                return fresh
            }
            var ups: [Int] = []
            for edge in graph.outgoing[source] where space.level[graph.edges[edge].to] == .aggregation {
                if relax(edge, from: 0) { ups.append(graph.edges[edge].to) }
            }
            for aggregation in ups {
                for edge in graph.outgoing[aggregation] where space.level[graph.edges[edge].to] == .core {
                    if relax(edge, from: at[aggregation]!.cost) { cores.append(graph.edges[edge].to) }
                }
            }
            for core in cores {
                for edge in graph.outgoing[core] {
                    let node = graph.edges[edge].to
                    guard space.level[node] == .aggregation, space.pod[node] != space.pod[source] else { continue }
                    _ = relax(edge, from: at[core]!.cost)
                }
            }
        }
    }

    func expand(_ route: RouteShape, from source: Int, to destination: Int) -> [(path: Path, share: Double)] {
        [(Path(links: route.tag), 1)]
    }
}
