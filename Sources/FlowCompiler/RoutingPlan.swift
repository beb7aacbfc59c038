import Optimizer
import TaasPlanner
import Topology

/// What the compiler programs: for each ordered pair of edge switches (switches with hosts), the
/// paths traffic takes and the rate on each, plus the traffic classes and their caps.
///
/// It comes from the optimizer's allocation or, without one, from `shortestPaths(in:version:)`.
public struct RoutingPlan: Hashable, Sendable {
    /// A loop-free sequence of links from the source edge switch to the destination edge switch.
    public struct Path: Hashable, Sendable {
        public var links: [Link]
        /// Planned rate in bit/s; 0 when the plan has no rates (plain ECMP).
        public var rateBps: Double

        public init(links: [Link], rateBps: Double = 0) {
            self.links = links
            self.rateBps = rateBps
        }
    }

    /// An ordered pair of edge switches.
    public struct SwitchPair: Hashable, Sendable, Comparable {
        public var source: String
        public var destination: String

        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }

        public static func < (lhs: SwitchPair, rhs: SwitchPair) -> Bool {
            (lhs.source, lhs.destination) < (rhs.source, rhs.destination)
        }
    }

    /// A QoS class recognised by DSCP at the ingress leaf; optionally policed to `capBps`.
    public struct TrafficClass: Hashable, Sendable {
        public var name: String
        public var dscp: [UInt8]
        /// Egress queue the class is put in (`set_queue`); `nil` where the switches have no queues.
        public var queue: UInt32?
        /// Rate cap in bit/s per ingress leaf, enforced by a meter; `nil` for none.
        public var capBps: Double?
        /// Hosts pinned to this class whatever DSCP they send; the ingress leaf rewrites their DSCP to
        /// the class's first code point.
        public var pinnedHosts: [String]

        public init(name: String, dscp: [UInt8], queue: UInt32? = nil, capBps: Double? = nil, pinnedHosts: [String] = []) {
            self.name = name
            self.dscp = dscp
            self.queue = queue
            self.capBps = capBps
            self.pinnedHosts = pinnedHosts
        }
    }

    /// One edge aggregate: traffic of one class entering at `source` and leaving at `destination`.
    public struct ClassPair: Hashable, Sendable, Comparable {
        public var source: String
        public var destination: String
        public var className: String

        public init(source: String, destination: String, className: String) {
            self.source = source
            self.destination = destination
            self.className = className
        }

        public static func < (lhs: ClassPair, rhs: ClassPair) -> Bool {
            (lhs.source, lhs.destination, lhs.className) < (rhs.source, rhs.destination, rhs.className)
        }
    }

    /// The allocation version; goes into every cookie.
    public var version: UInt32
    public var routes: [SwitchPair: [Path]]
    public var classes: [TrafficClass]
    /// The class of traffic whose DSCP no class names (the lowest tenant class); `nil` leaves such
    /// traffic unclassified (forwarded by destination, unmetered).
    public var defaultClass: String?
    /// Per (ingress, egress, class) aggregate: its paths and their planned rates. The ingress leaf meters
    /// the aggregate to the sum of the rates and spreads it over the paths in proportion to them.
    public var classRoutes: [ClassPair: [Path]]
    /// Tap copies to install with the routes (TaasPlanner's per-switch mirror intent); `nil` for none.
    public var mirror: MirrorProgram?

    public init(version: UInt32, routes: [SwitchPair: [Path]], classes: [TrafficClass] = [], defaultClass: String? = nil,
                classRoutes: [ClassPair: [Path]] = [:], mirror: MirrorProgram? = nil) {
        self.version = version
        self.routes = routes
        self.classes = classes
        self.defaultClass = defaultClass
        self.classRoutes = classRoutes
        self.mirror = mirror
    }

    /// All equal-cost shortest paths (by hop count, over up links) between every ordered pair of
    /// switches that have hosts attached, at most `maxPathsPerPair` each, all with rate 0 (even split).
    public static func shortestPaths(in topology: Topology, version: UInt32, maxPathsPerPair: Int = 16) -> RoutingPlan {
        let edges = Set(topology.hosts.map(\.attachment.node)).sorted()
        var incoming: [String: [String]] = [:]
        for link in topology.links where link.isUp {
            incoming[link.target.node, default: []].append(link.source.node)
        }
        var routes: [SwitchPair: [Path]] = [:]
        for destination in edges {
            let distance = hopDistances(to: destination, incoming: incoming)
            // Per switch, its up links one hop closer to `destination` (in `links` order): found once
            // per destination instead of once per path search through the switch.
            var downhill: [String: [Int]] = [:]
            for (node, here) in distance where here > 0 {
                downhill[node] = topology.outgoingLinkIndices(of: node).filter { index in
                    topology.links[index].isUp && distance[topology.links[index].target.node] == here - 1
                }
            }
            for source in edges where source != destination && distance[source] != nil {
                var found: [Path] = []
                var stack: [(node: String, links: [Link])] = [(source, [])]
                while let (node, links) = stack.popLast(), found.count < maxPathsPerPair {
                    if node == destination {
                        found.append(Path(links: links))
                        continue
                    }
                    for index in (downhill[node] ?? []).reversed() {
                        let link = topology.links[index]
                        stack.append((link.target.node, links + [link]))
                    }
                }
                routes[SwitchPair(source: source, destination: destination)] = found
            }
        }
        return RoutingPlan(version: version, routes: routes)
    }

    /// Hop count from every switch to `destination` over up links (breadth-first on reversed links:
    /// `incoming` lists the sources of the up links into each switch).
    private static func hopDistances(to destination: String, incoming: [String: [String]]) -> [String: Int] {
        var distance = [destination: 0]
        var frontier = [destination]
        while !frontier.isEmpty {
            var next: [String] = []
            for node in frontier {
                for previous in incoming[node] ?? [] where distance[previous] == nil {
                    distance[previous] = distance[node, default: 0] + 1
                    next.append(previous)
                }
            }
            frontier = next
        }
        return distance
    }
}

extension RoutingPlan {
    /// The routes of an optimizer allocation computed on `topology`: one path per split with a
    /// non-empty path, keyed by the edge switches it joins; splits on the same path add up. With a class
    /// catalog, the plan also classifies (every tenant class, unmatched traffic to the lowest) and carries
    /// each (ingress, egress, class) aggregate's paths so the ingress leaf meters and splits it.
    public init(allocation: Allocation, topology: Topology, version: UInt32, classes catalog: QoSClassCatalog? = nil) throws(FlowCompilerError) {
        var routes: [SwitchPair: [Path]] = [:]
        var classRoutes: [ClassPair: [Path]] = [:]
        for demand in allocation.demands {
            for split in demand.splits where !split.path.links.isEmpty {
                guard split.path.isValid(in: topology) else {
                    throw .brokenPath(pair: demand.demand.id, reason: "path \(split.path.links) is not a path of topology \(topology.name)")
                }
                let links = split.path.links.map { topology.links[$0] }
                guard let first = links.first, let last = links.last else { continue }
                let pair = SwitchPair(source: first.source.node, destination: last.target.node)
                if let index = routes[pair]?.firstIndex(where: { $0.links == links }) {
                    routes[pair]?[index].rateBps += split.rateBps
                } else {
                    routes[pair, default: []].append(Path(links: links, rateBps: split.rateBps))
                }
                guard catalog != nil, demand.demand.qosClass.name != QoSClass.mirror.name else { continue }
                let classPair = ClassPair(source: pair.source, destination: pair.destination, className: demand.demand.qosClass.name)
                if let index = classRoutes[classPair]?.firstIndex(where: { $0.links == links }) {
                    classRoutes[classPair]?[index].rateBps += split.rateBps
                } else {
                    classRoutes[classPair, default: []].append(Path(links: links, rateBps: split.rateBps))
                }
            }
        }
        self.init(version: version, routes: routes)
        if let catalog {
            self.classes = Self.trafficClasses(catalog, topology: topology)
            self.defaultClass = catalog.defaultClass?.name
            self.classRoutes = classRoutes
        }
    }

    /// The catalog's tenant classes (highest priority first, `mirror` left out) with their pinned hosts:
    /// a host's own pin, else its tenant's.
    public static func trafficClasses(_ catalog: QoSClassCatalog, topology: Topology) -> [TrafficClass] {
        var pinned: [String: [String]] = [:]
        for host in topology.hosts {
            if let qosClass = catalog.pinnedClass(host: host.name, tenant: host.tenant) {
                pinned[qosClass.name, default: []].append(host.name)
            }
        }
        return catalog.classes.filter { $0.name != QoSClass.mirror.name }.map {
            TrafficClass(name: $0.name, dscp: $0.dscp, pinnedHosts: pinned[$0.name] ?? [])
        }
    }

    /// This plan on a topology that may have changed since: shortest paths for every pair of edge
    /// switches, replaced by this plan's paths where all their links are still up. A pair whose
    /// planned paths all broke falls back to shortest paths (local recovery until re-optimization).
    public func adapted(to topology: Topology) -> RoutingPlan {
        var adapted = RoutingPlan.shortestPaths(in: topology, version: version)
        adapted.classes = classes
        adapted.defaultClass = defaultClass
        adapted.mirror = mirror
        adapted.classRoutes = classRoutes.filter { _, paths in
            paths.allSatisfy { path in
                path.links.allSatisfy { link in topology.linkIndex(named: link.name).map { topology.links[$0].isUp } ?? false }
            }
        }
        for (pair, paths) in routes {
            let surviving = paths.filter { path in
                path.links.allSatisfy { link in topology.linkIndex(named: link.name).map { topology.links[$0].isUp } ?? false }
            }
            if !surviving.isEmpty {
                adapted.routes[pair] = surviving
            }
        }
        return adapted
    }
}
