/// What one demand was given: its path splits and how much of the request they serve.
public struct DemandAllocation: Hashable, Sendable, Codable {
    public var demand: Demand
    /// Non-zero splits in path order.
    public var splits: [PathSplit]
    /// Sum of the split rates in bit/s.
    public var servedBps: Double
    /// `servedBps / demand.rateBps`, 1 for a zero-rate demand.
    public var servedFraction: Double
    /// Set when the demand got less than it asked for (beyond solver tolerance).
    public var shortfall: Shortfall?

    public init(demand: Demand, splits: [PathSplit], shortfall: Shortfall? = nil) {
        self.demand = demand
        self.splits = splits
        self.servedBps = splits.reduce(0) { $0 + $1.rateBps }
        self.servedFraction = demand.rateBps > 0 ? min(1, servedBps / demand.rateBps) : 1
        self.shortfall = shortfall
    }

    /// The shortfall's message, if any.
    public var reason: String? { shortfall?.message }

    enum CodingKeys: String, CodingKey {
        case demand, splits
        case servedBps = "served_bps"
        case servedFraction = "served_fraction"
        case shortfall
    }
}
