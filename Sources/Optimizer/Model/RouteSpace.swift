/// The shape of one LP column: the capacity rows it uses and a tag naming it within its demand.
struct RouteShape: Hashable, Sendable {
    /// Fabric resources (indices into `RouteSpace.capacities`) using one unit per unit of flow.
    var resources: [Int]
    /// A spine-group index, or the link indices of a path; `[]` for a route inside one switch.
    var tag: [Int]
}

/// The set of routes demands may use, with its capacity resources and dual-price oracle.
///
/// Two implementations: `SpineLeafRouteSpace` (leaf → spine group → leaf, priced in closed form) and
/// `SimplePathRouteSpace` (any loop-free path, priced by Dijkstra). Endpoints are space-specific
/// indices obtained from `endpoint(of:)`.
protocol RouteSpace: Sendable {
    /// Capacity in bit/s of each fabric resource (one LP row each).
    var capacities: [Double] { get }
    /// The space's index for a switch, or nil when routes cannot start or end there.
    func endpoint(of switchName: String) -> Int?
    /// A starting route for column generation, or nil when the endpoints are not connected.
    func initialRoute(from source: Int, to destination: Int) -> RouteShape?
    /// Every route between the endpoints (for the all-paths LP).
    func allRoutes(from source: Int, to destination: Int, limit: Int) throws(OptimizerError) -> [RouteShape]
    /// For each endpoint pair, the cheapest route when each resource costs `costs[r]` (≥ 0), and its cost.
    func cheapestRoutes(for pairs: [(Int, Int)], costs: [Double]) -> [(route: RouteShape, cost: Double)?]
    /// The topology paths a route stands for, with the share of the route's rate on each.
    func expand(_ route: RouteShape, from source: Int, to destination: Int) -> [(path: Path, share: Double)]
    /// A cut of saturated links (`saturated[link]`, by topology link index) between the endpoints:
    /// the saturated links the source reaches over unsaturated ones and from which the destination is
    /// still reachable — every route crosses one. Sorted, each once; nil when some route crosses none.
    func blockingLinks(from source: Int, to destination: Int, saturated: [Bool]) -> [Int]?
}

extension RouteSpace {
    func blockingLinks(from source: Int, to destination: Int, saturated: [Bool]) -> [Int]? {
        blockingLinksOfListedRoutes(from: source, to: destination, saturated: saturated)
    }

    /// The first saturated link of every route, by listing the routes: for spaces with few routes per
    /// pair (spine groups, up-down fat-tree routes, k-shortest candidates).
    func blockingLinksOfListedRoutes(from source: Int, to destination: Int, saturated: [Bool]) -> [Int]? {
        guard source != destination, let routes = try? allRoutes(from: source, to: destination, limit: 100_000) else { return nil }
        var blocking = Set<Int>()
        for route in routes {
            for (path, _) in expand(route, from: source, to: destination) {
                guard let first = path.links.first(where: { saturated[$0] }) else { return nil }
                blocking.insert(first)
            }
        }
        return blocking.sorted()
    }
}
