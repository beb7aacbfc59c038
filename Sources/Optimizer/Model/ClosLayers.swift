import Topology

/// The leaf and spine layers of a two-tier Clos fabric.
///
/// Taken from switch roles when the topology has them; otherwise recognised from the graph itself, so
/// that a fabric imported from GraphML, SNDlib or an LLDP snapshot (no roles) gets the same
/// leaf → spine → leaf path space and the same fast solve as a generated one. The graph (every
/// link, up or down, so the layers do not move when cables fail) must be bipartite, connected, and
/// every two nodes of the leaf side must share a neighbour — an even ring is bipartite too, but its
/// far nodes share none. The leaf side is the one holding the demand endpoints, else the larger one.
struct ClosLayers: Hashable, Sendable {
    var leaves: [String]
    var spines: [String]

    /// Largest leaf side checked for shared neighbours (the check is quadratic in the leaves).
    static let largestRecognised = 4096

    static func of(_ topology: Topology, endpoints: Set<String> = []) -> ClosLayers? {
        let leaves = topology.switches.filter { $0.role == .leaf }.map(\.name)
        let spines = topology.switches.filter { $0.role == .spine }.map(\.name)
        if !leaves.isEmpty, !spines.isEmpty { return ClosLayers(leaves: leaves, spines: spines) }
        return recognised(topology, endpoints: endpoints)
    }

    private static func recognised(_ topology: Topology, endpoints: Set<String>) -> ClosLayers? {
        let names = topology.switches.map(\.name)
        guard names.count >= 3 else { return nil }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() { index[name] = position }
        var neighbours = Array(repeating: Set<Int>(), count: names.count)
        for link in topology.links {
            guard let a = index[link.source.node], let b = index[link.target.node], a != b else { continue }
            neighbours[a].insert(b)
            neighbours[b].insert(a)
        }
        var side = Array(repeating: -1, count: names.count)
        side[0] = 0
        var queue = [0]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in neighbours[node] {
                if side[next] == -1 {
                    side[next] = 1 - side[node]
                    queue.append(next)
                } else if side[next] == side[node] {
                    return nil
                }
            }
        }
        guard queue.count == names.count else { return nil }
        let sides = [names.indices.filter { side[$0] == 0 }, names.indices.filter { side[$0] == 1 }]
        let endpointSides = Set(endpoints.compactMap { index[$0].map { side[$0] } })
        let leafSide: Int
        if endpointSides.count == 1, let only = endpointSides.first {
            leafSide = only
        } else if endpointSides.isEmpty {
            leafSide = sides[0].count >= sides[1].count ? 0 : 1
        } else {
            return nil
        }
        let leafNodes = sides[leafSide]
        guard leafNodes.count >= 2, leafNodes.count <= largestRecognised else { return nil }
        for (position, first) in leafNodes.enumerated() {
            for second in leafNodes[(position + 1)...] where neighbours[first].isDisjoint(with: neighbours[second]) {
                return nil
            }
        }
        return ClosLayers(leaves: leafNodes.map { names[$0] }, spines: sides[1 - leafSide].map { names[$0] })
    }
}
