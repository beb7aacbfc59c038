/// What the optimizer maximizes or minimizes.
public enum Objective: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Maximize Σ weight(class) · served rate.
    case maxWeightedThroughput = "max-weighted-throughput"
    /// Route all demand if the fabric can; otherwise first maximize weighted throughput, then,
    /// keeping that throughput, minimize the maximum link utilization.
    case minMLU = "min-mlu"
    /// Strict priority between classes; max-min fair rates within a class (progressive filling);
    /// a lower class only gets capacity no higher class can use.
    case priorityMaxMin = "priority-maxmin"

    public var description: String { rawValue }
}
