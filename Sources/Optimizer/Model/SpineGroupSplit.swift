/// Splits a solution over coarse spine groups onto finer, uniform groups: the exact disaggregation
/// step of the Clos fast path.
///
/// Summing the per-spine capacity rows of a group of spines is a relaxation of the true rows, so the
/// LP over coarse groups (at the extreme one group holding every spine, a transportation problem over
/// the leaves) gives an upper bound on the weighted throughput, and for min-MLU a lower bound on the
/// utilization. If its flows can be split among the uniform sub-groups within their capacities, that
/// split is feasible with the same objective, hence optimal — the relaxation's own duals, copied to
/// every spine, are the proof. With two sub-groups the split is a bipartite flow with node bounds
/// (leaf ℓ sends at most cap(ℓ, h) through sub-group h and at least what the others cannot carry);
/// more sub-groups are peeled off one at a time, the least capable first, each first with every
/// demand capped near its fair share (so the rest stays spread over the pairs) and, if that is
/// infeasible, uncapped. The last sub-group takes what remains, which fits by the node bounds.
/// Returns nil when a step is infeasible: the caller then solves over the fine groups.
enum SpineGroupSplit {
    typealias Flow = (commodity: Int, route: RouteShape, flow: Double)

    /// How far above its fair share a demand may load one sub-group in the capped attempt.
    static let shareSlack = 2.0

    static func split(_ flows: [Flow], commodities: [Commodity], coarse: SpineLeafRouteSpace, fine: SpineLeafRouteSpace,
                      usable: Double, scale: Double) -> [Flow]? {
        var fineGroupOf: [Int: Int] = [:]
        for (group, members) in fine.groups.enumerated() {
            for spine in members { fineGroupOf[spine] = group }
        }
        let largest = fine.capacities.max() ?? 1
        let tolerance = 1e-9 * (1 + largest / scale)
        var result: [Flow] = []
        var byGroup: [Int: [Flow]] = [:]
        for flow in flows {
            if let group = flow.route.tag.first {
                byGroup[group, default: []].append(flow)
            } else {
                result.append(flow)
            }
        }
        let leafCount = fine.leaves.count
        let up = (0..<fine.groups.count).map { group in (0..<leafCount).map { fine.capacities[fine.upResource(leaf: $0, group: group)] / scale * usable } }
        let down = (0..<fine.groups.count).map { group in (0..<leafCount).map { fine.capacities[fine.downResource(group: group, leaf: $0)] / scale * usable } }
        func route(_ group: Int, _ commodity: Int) -> RouteShape {
            let source = commodities[commodity].source
            let destination = commodities[commodity].destination
            return RouteShape(resources: [fine.upResource(leaf: source, group: group), fine.downResource(group: group, leaf: destination)], tag: [group])
        }

        for (group, items) in byGroup.sorted(by: { $0.key < $1.key }) {
            var subgroups: [Int] = []
            for spine in coarse.groups[group] {
                if let sub = fineGroupOf[spine], !subgroups.contains(sub) { subgroups.append(sub) }
            }
            subgroups.sort { (up[$0].reduce(0, +) + down[$0].reduce(0, +), $0) < (up[$1].reduce(0, +) + down[$1].reduce(0, +), $1) }
            let sources = items.map { commodities[$0.commodity].source }
            let destinations = items.map { commodities[$0.commodity].destination }
            guard let shares = peelInTurn(subgroups.map { (up[$0], down[$0]) }, sources: sources, destinations: destinations,
                                          flow: items.map(\.flow), tolerance: tolerance) else { return nil }
            for (position, sub) in subgroups.enumerated() {
                for (index, share) in shares[position].enumerated() where share > 0 {
                    result.append((items[index].commodity, route(sub, items[index].commodity), share))
                }
            }
        }
        return fits(result, fine: fine, up: up, down: down, commodities: commodities, tolerance: tolerance) ? result : nil
    }

    /// Every item's flow split among `groups` (each group's capacity up from and down to every leaf),
    /// peeled off in order: each group but the last by a bipartite flow (`peel`, first capped near the
    /// fair share, then uncapped) that leaves no more than the later groups can carry; the last takes
    /// what remains. Per group, the share of each item; nil when a step is infeasible or no group is given.
    static func peelInTurn(_ groups: [(up: [Double], down: [Double])], sources: [Int], destinations: [Int], flow: [Double],
                           tolerance: Double) -> [[Double]]? {
        guard let leafCount = groups.first?.up.count else { return nil }
        var restUp = (0..<leafCount).map { leaf in groups.reduce(0) { $0 + $1.up[leaf] } }
        var restDown = (0..<leafCount).map { leaf in groups.reduce(0) { $0 + $1.down[leaf] } }
        var remaining = flow
        var shares: [[Double]] = []
        for group in groups.dropLast() {
            for leaf in 0..<leafCount {
                restUp[leaf] -= group.up[leaf]
                restDown[leaf] -= group.down[leaf]
            }
            var sent = Array(repeating: 0.0, count: leafCount)
            var received = Array(repeating: 0.0, count: leafCount)
            for index in flow.indices {
                sent[sources[index]] += remaining[index]
                received[destinations[index]] += remaining[index]
            }
            var peeled: [Double]?
            for capped in [true, false] where peeled == nil {
                peeled = peel(sent: sent, received: received, up: group.up, down: group.down, restUp: restUp, restDown: restDown,
                              sources: sources, destinations: destinations, remaining: remaining, capped: capped, tolerance: tolerance)
            }
            guard let peeled else { return nil }
            for (index, share) in peeled.enumerated() { remaining[index] -= max(0, share) }
            shares.append(peeled)
        }
        shares.append(remaining.map { max(0, $0) })
        return shares
    }

    /// One sub-group's share of every item: a feasible bipartite flow from source leaves to
    /// destination leaves within the sub-group's capacities, leaving no more than the rest can carry.
    private static func peel(sent: [Double], received: [Double], up: [Double], down: [Double], restUp: [Double], restDown: [Double],
                             sources: [Int], destinations: [Int], remaining: [Double], capped: Bool, tolerance: Double) -> [Double]? {
        let leafCount = sent.count
        var network = BoundedFlow(nodeCount: 2 + 2 * leafCount, tolerance: tolerance * Double(leafCount))
        let source = 0, sink = 1
        for leaf in 0..<leafCount {
            let lower = max(0, sent[leaf] - restUp[leaf])
            guard lower <= up[leaf] + tolerance else { return nil }
            network.addEdge(from: source, to: 2 + leaf, lower: min(lower, up[leaf]), upper: up[leaf])
            let downLower = max(0, received[leaf] - restDown[leaf])
            guard downLower <= down[leaf] + tolerance else { return nil }
            network.addEdge(from: 2 + leafCount + leaf, to: sink, lower: min(downLower, down[leaf]), upper: down[leaf])
        }
        let edges = remaining.indices.map { index in
            var upper = remaining[index]
            if capped {
                let fair = max(up[sources[index]] / max(up[sources[index]] + restUp[sources[index]], tolerance),
                               down[destinations[index]] / max(down[destinations[index]] + restDown[destinations[index]], tolerance))
                upper = min(upper, remaining[index] * fair * shareSlack)
            }
            return network.addEdge(from: 2 + sources[index], to: 2 + leafCount + destinations[index], lower: 0, upper: upper)
        }
        network.addEdge(from: sink, to: source, lower: 0, upper: remaining.reduce(0, +) + 1)
        guard network.solve() else { return nil }
        return edges.indices.map { min(remaining[$0], network.flow(onEdge: edges[$0])) }
    }

    /// Whether the split flows respect every fine group's capacities.
    private static func fits(_ flows: [Flow], fine: SpineLeafRouteSpace, up: [[Double]], down: [[Double]], commodities: [Commodity],
                             tolerance: Double) -> Bool {
        let leafCount = fine.leaves.count
        var upLoad = Array(repeating: Array(repeating: 0.0, count: leafCount), count: fine.groups.count)
        var downLoad = upLoad
        for flow in flows {
            guard let group = flow.route.tag.first else { continue }
            upLoad[group][commodities[flow.commodity].source] += flow.flow
            downLoad[group][commodities[flow.commodity].destination] += flow.flow
        }
        let slack = tolerance * Double(leafCount + 1)
        for group in fine.groups.indices {
            for leaf in 0..<leafCount where upLoad[group][leaf] > up[group][leaf] + slack || downLoad[group][leaf] > down[group][leaf] + slack {
                return false
            }
        }
        return true
    }
}
