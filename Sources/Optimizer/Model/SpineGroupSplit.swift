/// Splits a solution over coarse spine groups onto finer, uniform groups — the step that lets a
/// re-optimization after a link failure keep the small symmetric LP.
///
/// When a failure makes a group non-uniform, the group's summed capacity rows are a relaxation of
/// the true rows, so the warm-started coarse LP gives an upper bound. If its flows can be split among
/// the uniform sub-groups within their capacities, that split is feasible with the same objective,
/// hence optimal. With two sub-groups the split is a bipartite flow with node bounds (leaf s sends at
/// most cap(h, s) through sub-group h and at least what the others cannot carry); more sub-groups are
/// peeled off one at a time. Returns nil when a step is infeasible — the caller then re-solves on
/// the fine groups.
enum SpineGroupSplit {
    typealias Flow = (commodity: Int, route: RouteShape, flow: Double)

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
        func route(_ group: Int, _ commodity: Int) -> RouteShape {
            let source = commodities[commodity].source
            let destination = commodities[commodity].destination
            return RouteShape(resources: [fine.upResource(leaf: source, group: group), fine.downResource(group: group, leaf: destination)], tag: [group])
        }
        func upCapacity(_ group: Int, _ leaf: Int) -> Double { fine.capacities[fine.upResource(leaf: leaf, group: group)] / scale * usable }
        func downCapacity(_ group: Int, _ leaf: Int) -> Double { fine.capacities[fine.downResource(group: group, leaf: leaf)] / scale * usable }

        let leafCount = fine.leaves.count
        for (group, items) in byGroup.sorted(by: { $0.key < $1.key }) {
            var subgroups: [Int] = []
            for spine in coarse.groups[group] {
                if let sub = fineGroupOf[spine], !subgroups.contains(sub) { subgroups.append(sub) }
            }
            guard let last = subgroups.last else { return nil }
            var remaining = items.map(\.flow)
            for (position, sub) in subgroups.dropLast().enumerated() {
                let rest = subgroups[(position + 1)...]
                var network = BoundedFlow(nodeCount: 2 + 2 * leafCount, tolerance: tolerance * Double(leafCount))
                let source = 0, sink = 1
                var sent = Array(repeating: 0.0, count: leafCount)
                var received = Array(repeating: 0.0, count: leafCount)
                for (index, item) in items.enumerated() {
                    sent[commodities[item.commodity].source] += remaining[index]
                    received[commodities[item.commodity].destination] += remaining[index]
                }
                for leaf in 0..<leafCount {
                    let upper = upCapacity(sub, leaf)
                    let lower = max(0, sent[leaf] - rest.reduce(0) { $0 + upCapacity($1, leaf) })
                    guard lower <= upper + tolerance else { return nil }
                    network.addEdge(from: source, to: 2 + leaf, lower: min(lower, upper), upper: upper)
                    let downUpper = downCapacity(sub, leaf)
                    let downLower = max(0, received[leaf] - rest.reduce(0) { $0 + downCapacity($1, leaf) })
                    guard downLower <= downUpper + tolerance else { return nil }
                    network.addEdge(from: 2 + leafCount + leaf, to: sink, lower: min(downLower, downUpper), upper: downUpper)
                }
                let edges = items.indices.map { index in
                    network.addEdge(from: 2 + commodities[items[index].commodity].source,
                                    to: 2 + leafCount + commodities[items[index].commodity].destination,
                                    lower: 0, upper: remaining[index])
                }
                network.addEdge(from: sink, to: source, lower: 0, upper: remaining.reduce(0, +) + 1)
                guard network.solve() else { return nil }
                for (index, edge) in edges.enumerated() {
                    let share = min(remaining[index], network.flow(onEdge: edge))
                    guard share > 0 else { continue }
                    remaining[index] -= share
                    result.append((items[index].commodity, route(sub, items[index].commodity), share))
                }
            }
            for (index, item) in items.enumerated() where remaining[index] > 0 {
                result.append((item.commodity, route(last, item.commodity), remaining[index]))
            }
        }
        return result
    }
}
