import Optimizer

/// What an allocation achieves, in the terms re-optimization compares: weighted throughput
/// (Σ class weight × served rate) and maximum link utilization.
public struct AllocationScore: Hashable, Sendable, Codable {
    public var weightedThroughput: Double
    public var maxLinkUtilization: Double

    public init(weightedThroughput: Double, maxLinkUtilization: Double) {
        self.weightedThroughput = weightedThroughput
        self.maxLinkUtilization = maxLinkUtilization
    }

    /// The score of an allocation: Σ class weight × served rate, and its maximum link utilization.
    public init(_ allocation: Allocation) {
        weightedThroughput = allocation.demands.reduce(0) { $0 + $1.demand.qosClass.weight * $1.servedBps }
        maxLinkUtilization = allocation.maxLinkUtilization
    }

    /// Relative gain of `self` over `held` under `objective`; positive is better.
    ///
    /// Throughput objectives compare weighted throughput. `min-mlu` first compares weighted throughput
    /// (it serves as much as it can before it balances) and, when that is equal within 1e-9 relative,
    /// the reduction in maximum link utilization.
    public func improvement(over held: AllocationScore, objective: Objective) -> Double {
        let throughputGain = Self.relative(weightedThroughput - held.weightedThroughput, to: held.weightedThroughput)
        switch objective {
        case .maxWeightedThroughput, .priorityMaxMin:
            return throughputGain
        case .minMLU:
            if abs(throughputGain) > 1e-9 { return throughputGain }
            return Self.relative(held.maxLinkUtilization - maxLinkUtilization, to: held.maxLinkUtilization)
        }
    }

    private static func relative(_ difference: Double, to base: Double) -> Double {
        if abs(base) > 1e-12 { return difference / abs(base) }
        return abs(difference) > 1e-12 ? (difference > 0 ? 1 : -1) : 0
    }

    enum CodingKeys: String, CodingKey {
        case weightedThroughput = "weighted_throughput_bps"
        case maxLinkUtilization = "mlu"
    }
}
