/// What the all-pairs min-cut says about a set of endpoints (leaves, hosts or all nodes): the weakest
/// pairs with their cut cables, how the min-cut values are distributed, and the cables that appear
/// in the most pairs' minimum cuts (the weak spots).
///
/// Pairs are unordered (the cut tree is undirected). Counting is done on the tree, not pair by pair:
/// adding tree edges from the largest value down, the edge that first joins two groups of endpoints
/// is the smallest on every path between them, so it is the min-cut of all those pairs at once.
public struct MinCutSummary: Sendable, Encodable {
    /// One min-cut value and how many endpoint pairs have it.
    public struct Bucket: Hashable, Sendable, Encodable {
        public var valueBps: Double
        public var pairs: Int

        enum CodingKeys: String, CodingKey {
            case valueBps = "min_cut_bps"
            case pairs
        }
    }

    /// A cable and the number of endpoint pairs whose reported minimum cut contains it.
    public struct WeakSpot: Hashable, Sendable, Encodable {
        public var cable: MinCutCable
        public var pairs: Int
    }

    public var endpoints: [String]
    public var pairCount: Int
    /// Pairs with min-cut 0: nothing joins them.
    public var disconnectedPairs: Int
    /// The `k` pairs with the smallest min-cut, smallest first, each with its cut cables.
    public var weakest: [PairMinCut]
    /// Min-cut values with their pair counts, ascending.
    public var distribution: [Bucket]
    /// Cables in the most minimum cuts, most first.
    public var weakSpots: [WeakSpot]

    enum CodingKeys: String, CodingKey {
        case endpoints
        case pairCount = "pairs"
        case disconnectedPairs = "disconnected_pairs"
        case weakest, distribution
        case weakSpots = "weak_spots"
    }

    /// Summarizes `tree` over `endpoints` (names the tree knows; others are ignored).
    public init(tree: GomoryHuTree, endpoints: [String], weakest k: Int, weakSpots top: Int) {
        let members = endpoints.compactMap(tree.index(of:))
        self.endpoints = members.map { tree.names[$0] }
        let treeEdges = tree.parent.indices.filter { tree.parent[$0] >= 0 }
            .sorted { (tree.cutBps[$0], $0) > (tree.cutBps[$1], $1) }
        var sets = UnionFind(count: tree.names.count)
        var groupMembers = Array(repeating: [Int](), count: tree.names.count)
        for node in members { groupMembers[node].append(node) }
        var pairsOfEdge = Array(repeating: 0, count: tree.names.count)
        var examples: [(edge: Int, pairs: [(Int, Int)])] = []
        for edge in treeEdges {
            var (x, y) = (sets.find(edge), sets.find(tree.parent[edge]))
            let (left, right) = (groupMembers[x], groupMembers[y])
            pairsOfEdge[edge] = left.count * right.count
            if pairsOfEdge[edge] > 0, k > 0 {
                var sample: [(Int, Int)] = []
                outer: for a in left.sorted() {
                    for b in right.sorted() {
                        sample.append((min(a, b), max(a, b)))
                        if sample.count == k { break outer }
                    }
                }
                examples.append((edge, sample))
            }
            if groupMembers[x].count < groupMembers[y].count { swap(&x, &y) }
            sets.merge(y, into: x)
            groupMembers[x].append(contentsOf: groupMembers[y])
            groupMembers[y] = []
        }
        pairCount = members.count * (members.count - 1) / 2
        var buckets: [Double: Int] = [:]
        for edge in treeEdges where pairsOfEdge[edge] > 0 {
            buckets[tree.cutBps[edge], default: 0] += pairsOfEdge[edge]
        }
        distribution = buckets.keys.sorted().map { Bucket(valueBps: $0, pairs: buckets[$0]!) }
        disconnectedPairs = buckets.filter { $0.key <= 0 }.reduce(0) { $0 + $1.value }
        var chosen: [PairMinCut] = []
        for (edge, sample) in examples.reversed() where chosen.count < k {
            let cut = tree.cutCables(ofTreeEdge: edge)
            for (a, b) in sample.prefix(k - chosen.count) {
                chosen.append(PairMinCut(source: tree.names[a], destination: tree.names[b], valueBps: tree.cutBps[edge], cut: cut))
            }
        }
        weakest = chosen
        var spots: [WeakSpot] = []
        for (index, cable) in tree.cables.enumerated() where cable.capacityBps > 0 {
            let count = tree.treePath(ofCable: index).reduce(0) { $0 + pairsOfEdge[$1] }
            if count > 0 { spots.append(WeakSpot(cable: cable, pairs: count)) }
        }
        weakSpots = Array(spots.enumerated().sorted { ($0.element.pairs, -$0.offset) > ($1.element.pairs, -$1.offset) }.prefix(top).map(\.element))
    }
}
