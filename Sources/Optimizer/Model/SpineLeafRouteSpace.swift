import Topology

/// Leaf → spine → leaf routes on a two-tier Clos fabric, over groups of spines.
///
/// Spines are partitioned into groups; a route is (demand, group) and stands for the same two-hop path
/// through every spine of the group, the rate split evenly. When every spine of a group has the same
/// capacity to and from every leaf, this is exact: summing the per-spine capacity rows of a group is a
/// relaxation, and the even split of any solution of the summed rows fits every spine. Grouping
/// identical spines therefore shrinks a uniform S-spine fabric's LP S-fold without changing its optimum.
/// Pricing is the closed form min over groups of y(s,g) + y(g,t).
struct SpineLeafRouteSpace: RouteSpace {
    let leaves: [String]
    let leafIndex: [String: Int]
    let spines: [String]
    /// Usable links leaf → spine: `upLinks[leaf][spine]`.
    let upLinks: [[[Int]]]
    /// Usable links spine → leaf: `downLinks[spine][leaf]`.
    let downLinks: [[[Int]]]
    /// Summed capacity leaf → spine, bit/s.
    let up: [[Double]]
    /// Summed capacity spine → leaf, bit/s.
    let down: [[Double]]
    /// Spine indices per group, each sorted, groups ordered by their first spine.
    let groups: [[Int]]
    let capacities: [Double]
    /// The layers the space was built on; kept so that later topologies use the same ones.
    let layers: ClosLayers
    private let linkCapacity: [Double]

    /// How spines are grouped.
    enum Grouping {
        /// Spines with identical capacities share a group (exact).
        case identicalCapacities
        /// One group per spine (no reduction).
        case individual
        /// Given groups of spine indices; exact only if each group is uniform (see `isExact`).
        case given([[Int]])
    }

    /// Nil when the topology is not a two-tier Clos (no spine and leaf roles, and no such structure).
    init?(topology: Topology, grouping: Grouping) {
        guard let layers = ClosLayers.of(topology) else { return nil }
        self.init(topology: topology, layers: layers, grouping: grouping)
    }

    /// The space over given layers (names of leaves and spines of `topology`).
    init?(topology: Topology, layers: ClosLayers, grouping: Grouping) {
        let leaves = layers.leaves
        let spines = layers.spines
        guard !leaves.isEmpty, !spines.isEmpty else { return nil }
        self.layers = layers
        self.leaves = leaves
        self.spines = spines
        let leafIndex = Dictionary(leaves.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let spineIndex = Dictionary(spines.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.leafIndex = leafIndex
        var upLinks = Array(repeating: Array(repeating: [Int](), count: spines.count), count: leaves.count)
        var downLinks = Array(repeating: Array(repeating: [Int](), count: leaves.count), count: spines.count)
        var up = Array(repeating: Array(repeating: 0.0, count: spines.count), count: leaves.count)
        var down = Array(repeating: Array(repeating: 0.0, count: leaves.count), count: spines.count)
        for (index, link) in topology.links.enumerated() {
            guard link.isUp, link.capacityBps > 0, link.capacityBps.isFinite else { continue }
            if let leaf = leafIndex[link.source.node], let spine = spineIndex[link.target.node] {
                upLinks[leaf][spine].append(index)
                up[leaf][spine] += link.capacityBps
            } else if let spine = spineIndex[link.source.node], let leaf = leafIndex[link.target.node] {
                downLinks[spine][leaf].append(index)
                down[spine][leaf] += link.capacityBps
            }
        }
        self.upLinks = upLinks
        self.downLinks = downLinks
        self.up = up
        self.down = down
        self.linkCapacity = topology.links.map(\.capacityBps)
        switch grouping {
        case .individual:
            groups = spines.indices.map { [$0] }
        case .given(let given):
            groups = given
        case .identicalCapacities:
            var byProfile: [[Double]: [Int]] = [:]
            var order: [[Double]] = []
            for spine in spines.indices {
                let profile = leaves.indices.map { up[$0][spine] } + down[spine]
                if byProfile[profile] == nil { order.append(profile) }
                byProfile[profile, default: []].append(spine)
            }
            groups = order.compactMap { byProfile[$0] }
        }
        let leafCount = leaves.count
        var capacities = Array(repeating: 0.0, count: 2 * groups.count * leafCount)
        for (group, members) in groups.enumerated() {
            for leaf in 0..<leafCount {
                capacities[group * leafCount + leaf] = members.reduce(0) { $0 + up[leaf][$1] }
                capacities[(groups.count + group) * leafCount + leaf] = members.reduce(0) { $0 + down[$1][leaf] }
            }
        }
        self.capacities = capacities
    }

    /// Whether every group is uniform (all its spines have the same capacity to and from each leaf),
    /// which makes the grouped LP exact rather than a relaxation.
    var isExact: Bool {
        groups.allSatisfy { members in
            guard let first = members.first else { return true }
            return members.dropFirst().allSatisfy { spine in
                leaves.indices.allSatisfy { up[$0][spine] == up[$0][first] && down[spine][$0] == down[first][$0] }
            }
        }
    }

    /// The current groups split so that every part is uniform in `topology` (same switches and links).
    func refinedGroups(for topology: Topology) -> [[Int]] {
        guard let exact = SpineLeafRouteSpace(topology: topology, layers: layers, grouping: .identicalCapacities) else { return groups }
        var classOf: [Int: Int] = [:]
        for (index, members) in exact.groups.enumerated() {
            for spine in members { classOf[spine] = index }
        }
        return groups.flatMap { members in
            var parts: [Int: [Int]] = [:]
            var order: [Int] = []
            for spine in members {
                let key = classOf[spine] ?? -1
                if parts[key] == nil { order.append(key) }
                parts[key, default: []].append(spine)
            }
            return order.compactMap { parts[$0] }
        }
    }

    func upResource(leaf: Int, group: Int) -> Int { group * leaves.count + leaf }
    func downResource(group: Int, leaf: Int) -> Int { (groups.count + group) * leaves.count + leaf }

    func endpoint(of switchName: String) -> Int? { leafIndex[switchName] }

    private func usable(_ group: Int, _ source: Int, _ destination: Int) -> Bool {
        capacities[upResource(leaf: source, group: group)] > 0 && capacities[downResource(group: group, leaf: destination)] > 0
    }

    private func route(_ group: Int, _ source: Int, _ destination: Int) -> RouteShape {
        RouteShape(resources: [upResource(leaf: source, group: group), downResource(group: group, leaf: destination)], tag: [group])
    }

    private static let local = RouteShape(resources: [], tag: [])

    func initialRoute(from source: Int, to destination: Int) -> RouteShape? {
        if source == destination { return Self.local }
        let count = groups.count
        for offset in 0..<count {
            let group = (source + destination + offset) % count
            if usable(group, source, destination) { return route(group, source, destination) }
        }
        return nil
    }

    func allRoutes(from source: Int, to destination: Int, limit: Int) throws(OptimizerError) -> [RouteShape] {
        if source == destination { return [Self.local] }
        return groups.indices.filter { usable($0, source, destination) }.map { route($0, source, destination) }
    }

    func cheapestRoutes(for pairs: [(Int, Int)], costs: [Double]) -> [(route: RouteShape, cost: Double)?] {
        pairs.map { source, destination in
            if source == destination { return (Self.local, 0) }
            var best: (Int, Double)?
            for group in groups.indices where usable(group, source, destination) {
                let cost = costs[upResource(leaf: source, group: group)] + costs[downResource(group: group, leaf: destination)]
                if best == nil || cost < best!.1 { best = (group, cost) }
            }
            return best.map { (route($0.0, source, destination), $0.1) }
        }
    }

    func expand(_ route: RouteShape, from source: Int, to destination: Int) -> [(path: Path, share: Double)] {
        guard let group = route.tag.first else { return [(Path(links: []), 1)] }
        let members = groups[group].filter { up[source][$0] > 0 && down[$0][destination] > 0 }
        var result: [(path: Path, share: Double)] = []
        for spine in members {
            for first in upLinks[source][spine] {
                for second in downLinks[spine][destination] {
                    let share = (1 / Double(members.count)) * (linkCapacity[first] / up[source][spine]) * (linkCapacity[second] / down[spine][destination])
                    result.append((Path(links: [first, second]), share))
                }
            }
        }
        return result
    }
}
