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
        guard let graph = SwitchBipartition(topology) else { return nil }
        let sides = [graph.members(of: 0), graph.members(of: 1)]
        let leafSide: Int
        if let only = graph.commonSide(of: endpoints) {
            leafSide = only
        } else if endpoints.allSatisfy({ graph.index[$0] == nil }) {
            leafSide = sides[0].count >= sides[1].count ? 0 : 1
        } else {
            return nil
        }
        let leafNodes = sides[leafSide]
        guard leafNodes.count >= 2, leafNodes.count <= largestRecognised else { return nil }
        for (position, first) in leafNodes.enumerated() {
            for second in leafNodes[(position + 1)...] where graph.neighbours[first].isDisjoint(with: graph.neighbours[second]) {
                return nil
            }
        }
        return ClosLayers(leaves: leafNodes.map { graph.names[$0] }, spines: sides[1 - leafSide].map { graph.names[$0] })
    }
}
