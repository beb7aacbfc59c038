import Topology

/// All-pairs minimum cuts of a topology as a Gomory–Hu cut tree (Gusfield's construction).
///
/// The min-cut between any two nodes is the smallest tree edge on the path between them, and
/// removing that tree edge splits the nodes into the two sides of a minimum cut. It is built with
/// `n − 1` maximum flows (Dinic) on one reused flow network over the switches; hosts hang off their
/// switch as leaves of the tree, joined by their access port (a pendant node's min-cut tree is the
/// rest's tree plus that edge, so hosts cost no flow).
///
/// The graph is what the topology leaves usable: down (failed or drained) links are out, path
/// reservations can be subtracted, and each cable counts with the smaller of its two directions, so a cut value
/// holds both ways. `notes` says what was left out or merged.
public struct GomoryHuTree: Sendable {
    /// Switches, then hosts (when included).
    public let names: [String]
    /// How many of `names` are switches.
    public let switchCount: Int
    /// Tree parent of each node; -1 for the root (the first switch).
    public let parent: [Int]
    /// Min-cut value between each node and its parent, bit/s (0 for the root).
    public let cutBps: [Double]
    /// Every cable of the usable graph with its capacity.
    public let cables: [MinCutCable]
    /// How the input was read: what was left out, merged, or is disconnected.
    public let notes: [MinCutNote]
    /// Connected groups of switches over positive capacity.
    public let componentCount: Int
    /// Maximum flows computed (switches − 1).
    public let maxFlowCount: Int

    private let cableEnds: [(Int, Int)]
    private let depth: [Int]
    private let indexOfName: [String: Int]

    /// Builds the tree. `reservations` are subtracted from the links and host access ports they hold;
    /// `progress` is called with (flows done, flows total) as the construction advances.
    public init(topology: Topology, reservations: CapacityReservations? = nil, includeHosts: Bool = true,
                progress: ((Int, Int) -> Void)? = nil) {
        let graph = CutGraph(topology: topology, reservations: reservations, includeHosts: includeHosts)
        let count = graph.switchCount
        var parent = Array(repeating: 0, count: graph.nodeCount)
        var value = Array(repeating: 0.0, count: graph.nodeCount)
        if count > 0 { parent[0] = -1 }
        let largest = graph.edges.map(\.capacity).max() ?? 1
        var network = Dinic(nodeCount: count, epsilon: largest * 1e-12)
        for edge in graph.edges {
            network.addArc(from: edge.a, to: edge.b, capacity: edge.capacity, reverseCapacity: edge.capacity)
        }
        for node in 1..<max(count, 1) {
            let target = parent[node]
            network.reset()
            let flow = network.maximize(from: node, to: target)
            value[node] = flow
            for other in 0..<count where other != node && parent[other] == target && network.endsOnSourceSide(other) {
                parent[other] = node
            }
            let above = parent[target]
            if above >= 0, network.endsOnSourceSide(above) {
                parent[node] = above
                parent[target] = node
                value[node] = value[target]
                value[target] = flow
            }
            progress?(node, count - 1)
        }
        for (offset, attachment) in graph.hostAttachments.enumerated() {
            parent[count + offset] = attachment.switchNode
            value[count + offset] = attachment.capacity
        }
        let components = graph.components()
        var notes = graph.notes
        if components.count > 1 {
            let sizes = components.map { "\($0.count)" }.joined(separator: ", ")
            let isolated = components.filter { $0.count == 1 }.map { graph.names[$0[0]] }
            var message = "the usable graph has \(components.count) separate parts (sizes \(sizes)); the min-cut between nodes in different parts is 0"
            if !isolated.isEmpty { message += "; isolated: \(MinCutNote.listing(isolated))" }
            notes.append(MinCutNote(kind: .disconnected, message: message))
        }
        self.names = graph.names
        self.switchCount = count
        self.parent = parent
        self.cutBps = value
        self.cables = graph.cables
        self.cableEnds = graph.cableEnds
        self.notes = notes
        self.componentCount = components.count
        self.maxFlowCount = max(count - 1, 0)
        self.indexOfName = graph.index
        self.depth = Self.depths(parent)
    }

    private static func depths(_ parent: [Int]) -> [Int] {
        var depth = Array(repeating: -1, count: parent.count)
        for start in parent.indices where depth[start] < 0 {
            var chain: [Int] = []
            var node = start
            while node >= 0, depth[node] < 0 {
                chain.append(node)
                node = parent[node]
            }
            var level = node >= 0 ? depth[node] : -1
            for member in chain.reversed() {
                level += 1
                depth[member] = level
            }
        }
        return depth
    }

    /// The node index of a switch or host name.
    public func index(of name: String) -> Int? {
        indexOfName[name]
    }

    /// The tree edge (named by its lower node) with the smallest value on the path between two nodes:
    /// its value is their min-cut. Ties go to the edge nearest `a`. Nil when `a == b`.
    public func weakestTreeEdge(between a: Int, and b: Int) -> Int? {
        var (x, y) = (a, b)
        var best: Int?
        func consider(_ node: Int) {
            if let current = best, cutBps[current] <= cutBps[node] { return }
            best = node
        }
        var fromB: [Int] = []
        while x != y {
            if depth[x] >= depth[y] {
                consider(x)
                x = parent[x]
            } else {
                fromB.append(y)
                y = parent[y]
            }
        }
        for node in fromB.reversed() { consider(node) }
        return best
    }

    /// Min-cut value between two nodes, bit/s.
    public func minCutBps(between a: Int, and b: Int) -> Double {
        weakestTreeEdge(between: a, and: b).map { cutBps[$0] } ?? .infinity
    }

    /// Which nodes lie below the tree edge above `node` (its subtree): one side of that edge's cut.
    public func subtree(of node: Int) -> [Bool] {
        var inside = Array(repeating: false, count: names.count)
        for start in names.indices {
            var current = start
            while current >= 0, current != node, depth[current] > depth[node] { current = parent[current] }
            inside[start] = current == node
        }
        return inside
    }

    /// The cables (positive capacity) crossing the cut of the tree edge above `node`.
    public func cutCables(ofTreeEdge node: Int) -> [MinCutCable] {
        let inside = subtree(of: node)
        return cables.indices.filter { index in
            let (a, b) = cableEnds[index]
            return cables[index].capacityBps > 0 && inside[a] != inside[b]
        }.map { cables[$0] }
    }

    /// The min-cut between two named nodes with the cables of one minimum cut; nil for unknown names.
    public func minCut(between source: String, and destination: String) -> PairMinCut? {
        guard let a = index(of: source), let b = index(of: destination), a != b,
              let edge = weakestTreeEdge(between: a, and: b) else { return nil }
        return PairMinCut(source: source, destination: destination, valueBps: cutBps[edge], cut: cutCables(ofTreeEdge: edge))
    }

    /// Min-cut from each of `endpoints` to each of them (node indices), by one tree walk per row.
    public func matrix(among endpoints: [Int]) -> [[Double]] {
        Self.pathMinima(parent: parent, value: cutBps, among: endpoints)
    }

    /// For any tree given as parent pointers (-1 at roots) and edge values: the smallest edge value on
    /// the path between each two of `endpoints` (infinity on the diagonal, 0 across separate trees).
    /// This is how a cut tree answers min-cut queries, whoever built it.
    public static func pathMinima(parent: [Int], value: [Double], among endpoints: [Int]) -> [[Double]] {
        var neighbours = Array(repeating: [(Int, Double)](), count: parent.count)
        for node in parent.indices where parent[node] >= 0 {
            neighbours[node].append((parent[node], value[node]))
            neighbours[parent[node]].append((node, value[node]))
        }
        return endpoints.map { start in
            var best = Array(repeating: 0.0, count: parent.count)
            var seen = Array(repeating: false, count: parent.count)
            best[start] = .infinity
            seen[start] = true
            var stack = [start]
            while let node = stack.popLast() {
                for (next, edgeValue) in neighbours[node] where !seen[next] {
                    seen[next] = true
                    best[next] = min(best[node], edgeValue)
                    stack.append(next)
                }
            }
            return endpoints.map { best[$0] }
        }
    }

    /// Each cable's tree path: the tree edges (lower nodes) whose cut it crosses.
    func treePath(ofCable index: Int) -> [Int] {
        var (x, y) = cableEnds[index]
        var path: [Int] = []
        while x != y {
            if depth[x] >= depth[y] {
                path.append(x)
                x = parent[x]
            } else {
                path.append(y)
                y = parent[y]
            }
        }
        return path
    }
}

extension GomoryHuTree: Encodable {
    struct TreeNode: Encodable {
        var name: String
        var kind: String
        var parent: String?
        var min_cut_bps: Double?
    }

    enum CodingKeys: String, CodingKey {
        case nodes, notes, components
        case maxFlows = "max_flows"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let nodes = names.indices.map { node in
            TreeNode(name: names[node], kind: node < switchCount ? "switch" : "host",
                     parent: parent[node] >= 0 ? names[parent[node]] : nil,
                     min_cut_bps: parent[node] >= 0 ? cutBps[node] : nil)
        }
        try container.encode(nodes, forKey: .nodes)
        try container.encode(notes, forKey: .notes)
        try container.encode(componentCount, forKey: .components)
        try container.encode(maxFlowCount, forKey: .maxFlows)
    }
}
