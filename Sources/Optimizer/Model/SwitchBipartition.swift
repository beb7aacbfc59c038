import Topology

/// The switches of a topology as an undirected cable graph split into its two sides, when the graph
/// is connected and bipartite (every cable joins the two sides): the starting point for recognising a
/// Clos fabric's layers from the graph itself.
///
/// Every link counts, up or down, so that the sides do not move when cables fail.
struct SwitchBipartition {
    let names: [String]
    let index: [String: Int]
    /// Distinct neighbours of each switch (indices into `names`).
    let neighbours: [Set<Int>]
    /// 0 or 1 for each switch.
    let side: [Int]

    /// Nil when the topology has fewer than `minimumSwitches` switches, or is not connected and bipartite.
    init?(_ topology: Topology, minimumSwitches: Int = 3) {
        let names = topology.switches.map(\.name)
        guard names.count >= minimumSwitches else { return nil }
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
        self.names = names
        self.index = index
        self.neighbours = neighbours
        self.side = side
    }

    /// The switches of one side, in topology order.
    func members(of sideNumber: Int) -> [Int] {
        names.indices.filter { side[$0] == sideNumber }
    }

    /// The one side all `names` lie on; nil when they lie on both (unknown names are ignored) or
    /// none is known.
    func commonSide(of switchNames: Set<String>) -> Int? {
        let sides = Set(switchNames.compactMap { index[$0].map { side[$0] } })
        return sides.count == 1 ? sides.first : nil
    }
}
