import Topology

/// The relaxation of a fat tree's up-down routes that merges the aggregation and core switches of
/// every pod: one route per demand, so the LP is a transportation problem over the edge switches
/// (rates as column bounds, no demand rows) — the fat-tree counterpart of summing every spine of a
/// two-tier Clos into one group.
///
/// Resources: each edge switch's uplinks summed, its downlinks summed, and per pod the traffic that
/// leaves it and the traffic that enters it. A pod's row is bounded by Σ over its aggregation switches
/// of min(links to the cores, links from the edge switches) — the traffic between pods that one
/// aggregation switch passes on is bounded by both, so the row stays valid, and it is much tighter
/// than the core links alone when a degraded edge cable starves an aggregation switch. Every row sums
/// rows of the exact model (or bounds them from above), so the optimum bounds the exact one;
/// `FatTreeSplit` turns a solution into up-down routes when it can, and that split is then optimal.
///
/// Endpoints are the exact space's node indices, so commodities need no translation.
struct FatTreePodRouteSpace: RouteSpace {
    let exact: FatTreeRouteSpace
    let capacities: [Double]
    /// Resource number of each edge switch (by node index; -1 elsewhere).
    private let edgeNumber: [Int]
    private let edgeCount: Int

    init(exact: FatTreeRouteSpace) {
        self.exact = exact
        let graph = exact.graph
        var edgeNumber = Array(repeating: -1, count: graph.nodeCount)
        var edgeCount = 0
        for node in 0..<graph.nodeCount where exact.level[node] == .edge && exact.pod[node] >= 0 {
            edgeNumber[node] = edgeCount
            edgeCount += 1
        }
        let podCount = exact.levels.pods.count
        var capacities = Array(repeating: 0.0, count: 2 * edgeCount + 2 * podCount)
        var fromEdges = Array(repeating: 0.0, count: graph.nodeCount)
        var toEdges = Array(repeating: 0.0, count: graph.nodeCount)
        var toCores = Array(repeating: 0.0, count: graph.nodeCount)
        var fromCores = Array(repeating: 0.0, count: graph.nodeCount)
        for edge in graph.edges {
            switch (exact.level[edge.from], exact.level[edge.to]) {
            case (.edge, .aggregation) where edgeNumber[edge.from] >= 0:
                capacities[edgeNumber[edge.from]] += edge.capacity
                fromEdges[edge.to] += edge.capacity
            case (.aggregation, .edge) where edgeNumber[edge.to] >= 0:
                capacities[edgeCount + edgeNumber[edge.to]] += edge.capacity
                toEdges[edge.from] += edge.capacity
            case (.aggregation, .core):
                toCores[edge.from] += edge.capacity
            case (.core, .aggregation):
                fromCores[edge.to] += edge.capacity
            default:
                break
            }
        }
        for node in 0..<graph.nodeCount where exact.level[node] == .aggregation && exact.pod[node] >= 0 {
            let pod = exact.pod[node]
            capacities[2 * edgeCount + pod] += min(toCores[node], fromEdges[node])
            capacities[2 * edgeCount + podCount + pod] += min(fromCores[node], toEdges[node])
        }
        self.capacities = capacities
        self.edgeNumber = edgeNumber
        self.edgeCount = edgeCount
    }

    func endpoint(of switchName: String) -> Int? { exact.endpoint(of: switchName) }

    private func route(from source: Int, to destination: Int) -> RouteShape {
        if source == destination { return RouteShape(resources: [], tag: []) }
        let (up, down) = (edgeNumber[source], edgeCount + edgeNumber[destination])
        let (sourcePod, destinationPod) = (exact.pod[source], exact.pod[destination])
        if sourcePod == destinationPod { return RouteShape(resources: [up, down], tag: []) }
        let podCount = exact.levels.pods.count
        return RouteShape(resources: [up, 2 * edgeCount + sourcePod, 2 * edgeCount + podCount + destinationPod, down], tag: [])
    }

    /// The one route, when the exact space has any route between the endpoints.
    func initialRoute(from source: Int, to destination: Int) -> RouteShape? {
        exact.initialRoute(from: source, to: destination) == nil ? nil : route(from: source, to: destination)
    }

    func allRoutes(from source: Int, to destination: Int, limit: Int) throws(OptimizerError) -> [RouteShape] {
        initialRoute(from: source, to: destination).map { [$0] } ?? []
    }

    func cheapestRoutes(for pairs: [(Int, Int)], costs: [Double]) -> [(route: RouteShape, cost: Double)?] {
        pairs.map { source, destination in
            initialRoute(from: source, to: destination).map { route in (route, route.resources.reduce(0) { $0 + costs[$1] }) }
        }
    }

    /// A merged route stands for no single path: only `FatTreeSplit`'s flows, over the exact space,
    /// become paths.
    func expand(_ route: RouteShape, from source: Int, to destination: Int) -> [(path: Path, share: Double)] {
        []
    }
}
