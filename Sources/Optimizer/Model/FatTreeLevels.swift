import Topology

/// The levels of a three-tier fat tree — edge, aggregation and core switches, and the pods — read
/// from the graph itself, not from names or `role` fields, so that a fat tree imported from GraphML,
/// SNDlib or an LLDP snapshot gets the same up-down route space as a generated one.
///
/// A fat tree's cable graph is bipartite: edge and core switches on one side, aggregation switches on
/// the other. The edge level is where traffic enters: the switches holding the demands' endpoints or
/// hosts, which must all lie on one side. A pod is a connected group of edge and aggregation switches
/// (joined by edge–aggregation cables). The other switches of the edge side are cores if their
/// aggregation neighbours lie in two or more pods with traffic, at most one in each; the rest are edge
/// switches without traffic unless two of their neighbours share a core (a core reaches each pod
/// once). A core cut off from all pods but one carries no up-down route either way. Recognised only with at least two pods of at least
/// two aggregation switches each and at least one core, so that a small WAN that happens to be bipartite
/// keeps every simple path. Every link counts, up or down, as in `ClosLayers`.
struct FatTreeLevels: Hashable, Sendable {
    /// Edge and aggregation switches of one pod, in topology order.
    struct Pod: Hashable, Sendable {
        var edges: [String]
        var aggregations: [String]
    }

    var edges: [String]
    var aggregations: [String]
    var cores: [String]
    var pods: [Pod]

    /// The levels from the graph alone, with no demands. Hosts mark the edge level when there are any;
    /// without hosts (a fabric imported from GraphML or SNDlib), each side of the bipartite graph is
    /// tried with its switches of at most half the side's largest degree as the edge level — a k-ary
    /// fat tree's edge switches have k/2 neighbours, its cores k, its aggregation switches k — and the
    /// first side where that gives a fat tree is taken.
    static func recognised(_ topology: Topology) -> FatTreeLevels? {
        if !topology.hosts.isEmpty { return recognised(topology, endpoints: []) }
        guard let graph = SwitchBipartition(topology, minimumSwitches: 5) else { return nil }
        for side in 0...1 {
            let members = graph.members(of: side)
            let largest = members.map { graph.neighbours[$0].count }.max() ?? 0
            let low = members.filter { 2 * graph.neighbours[$0].count <= largest }
            guard !low.isEmpty, let levels = recognised(topology, endpoints: Set(low.map { graph.names[$0] })) else { continue }
            return levels
        }
        return nil
    }

    static func recognised(_ topology: Topology, endpoints: Set<String>) -> FatTreeLevels? {
        let traffic = endpoints.union(topology.hosts.map(\.attachment.node))
        guard let graph = SwitchBipartition(topology, minimumSwitches: 5), let edgeSide = graph.commonSide(of: traffic) else { return nil }
        let count = graph.names.count
        var isEdge = Array(repeating: false, count: count)
        for name in traffic { if let node = graph.index[name] { isEdge[node] = true } }
        // Pods: components of the cables between traffic-holding edges and aggregation switches.
        var sets = UnionFind(count: count)
        for node in 0..<count where isEdge[node] {
            for neighbour in graph.neighbours[node] {
                let (a, b) = (sets.find(node), sets.find(neighbour))
                if a != b { sets.merge(b, into: a) }
            }
        }
        // A switch of the edge side that reaches two or more pods with traffic is a core; one that
        // reaches at most one, and no two of whose neighbours share such a core (a core reaches each pod
        // once), is an edge switch without traffic, and its neighbours form (part of) its pod.
        var trafficPod = Set<Int>()
        for node in 0..<count where isEdge[node] { trafficPod.insert(sets.find(node)) }
        var isCore = Array(repeating: false, count: count)
        let others = (0..<count).filter { graph.side[$0] == edgeSide && !isEdge[$0] }
        for node in others where Set(graph.neighbours[node].map { sets.find($0) }.filter(trafficPod.contains)).count >= 2 {
            isCore[node] = true
        }
        for node in others where !isCore[node] {
            let coresOf = graph.neighbours[node].map { graph.neighbours[$0].filter { isCore[$0] } }
            var seen = Set<Int>()
            var shared = false
            for cores in coresOf {
                shared = shared || !seen.isDisjoint(with: cores)
                seen.formUnion(cores)
            }
            if shared {
                isCore[node] = true
                continue
            }
            isEdge[node] = true
            for neighbour in graph.neighbours[node] {
                let (a, b) = (sets.find(node), sets.find(neighbour))
                if a != b { sets.merge(b, into: a) }
            }
        }
        for node in 0..<count where isCore[node] {
            let pods = graph.neighbours[node].map { sets.find($0) }
            guard Set(pods).count == pods.count else { return nil }
        }
        var podOrder: [Int] = []
        var members: [Int: Pod] = [:]
        for node in 0..<count where graph.side[node] != edgeSide || isEdge[node] {
            let root = sets.find(node)
            if members[root] == nil {
                podOrder.append(root)
                members[root] = Pod(edges: [], aggregations: [])
            }
            if isEdge[node] {
                members[root]!.edges.append(graph.names[node])
            } else {
                members[root]!.aggregations.append(graph.names[node])
            }
        }
        let pods = podOrder.compactMap { members[$0] }.filter { !$0.edges.isEmpty }
        guard isCore.contains(true), pods.filter({ $0.aggregations.count >= 2 }).count >= 2 else { return nil }
        return FatTreeLevels(
            edges: (0..<count).filter { isEdge[$0] }.map { graph.names[$0] },
            aggregations: graph.members(of: 1 - edgeSide).map { graph.names[$0] },
            cores: (0..<count).filter { isCore[$0] }.map { graph.names[$0] },
            pods: pods)
    }
}
