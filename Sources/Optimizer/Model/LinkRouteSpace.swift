import Topology

/// A route space whose resources are the topology's links, one LP row per link (a link that is down
/// or has no capacity is a row of capacity 0), so the rows stay put when links fail and come back.
///
/// Two implementations: `SimplePathRouteSpace` (any loop-free path) and `FatTreeRouteSpace` (the
/// up-down paths of a three-tier fat tree).
protocol LinkRouteSpace: RouteSpace {
    /// The usable links as a graph; an endpoint is its node index.
    var graph: FabricGraph { get }
    /// The same space over a changed topology (same switches and links, new capacities or states).
    func updated(for topology: Topology) -> Self
}
