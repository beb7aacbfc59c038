/// The all-pairs min-cut of one step's fabric between its leaves (or, on a WAN, its nodes): a heat
/// map, the weakest pairs, the pairs that lost most against the baseline, and the cables that are in
/// the most minimum cuts (the fabric's weak spots). Computed from a Gomory–Hu tree of the links the
/// step leaves up.
public struct MinCutOutcome: Hashable, Sendable, Codable {
    /// A pair and its min-cut with the cables of one minimum cut.
    public struct Pair: Hashable, Sendable, Codable {
        public var source: String
        public var destination: String
        public var minCutBps: Double
        public var cutCables: [String]
    }

    /// A pair whose min-cut is lower than in the baseline.
    public struct Drop: Hashable, Sendable, Codable {
        public var source: String
        public var destination: String
        public var baselineBps: Double
        public var stepBps: Double
    }

    /// A cable and how many pairs' minimum cuts contain it.
    public struct WeakSpot: Hashable, Sendable, Codable {
        public var cable: String
        public var capacityBps: Double
        public var pairs: Int
    }

    /// `leaves` or `nodes`.
    public var between: String
    public var endpoints: Int
    public var pairs: Int
    public var disconnectedPairs: Int
    public var lowestBps: Double
    public var medianBps: Double
    public var highestBps: Double
    /// Heat-map rows and columns: endpoints in groups of `blockSize` (1: one endpoint each).
    public var blockSize: Int
    /// One label per row/column: the endpoint, or `first +N` for a group of N + 1.
    public var labels: [String]
    /// With groups (`blockSize` > 1): the endpoints of each row/column, in the cut tree's order
    /// (strongly connected endpoints together); empty otherwise.
    public var groups: [[String]]
    /// Smallest min-cut between the two groups, bit/s; nil on the diagonal of single endpoints.
    public var cells: [[Double?]]
    public var weakest: [Pair]
    /// Pairs whose min-cut fell most against the baseline, largest fall first (empty for the baseline).
    public var fellMost: [Drop]
    public var weakSpots: [WeakSpot]
    /// What the min-cut computation left out or merged (self-loops, parallel cables, disconnection).
    public var notes: [String]
    /// Time to build the tree and the summaries.
    public var seconds: Double
}
