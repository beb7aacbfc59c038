/// What the optimizer maximizes or minimizes in every step of a scenario.
public enum ScenarioObjective: String, Hashable, Sendable, CaseIterable, Codable {
    /// Maximize Σ weight(class) · served rate.
    case maxWeightedThroughput = "max-weighted-throughput"
    /// Route the demand while minimizing the most-utilized link.
    case minMLU = "min-mlu"
    /// Strict priority between classes, max-min fair within a class.
    case priorityMaxMin = "priority-maxmin"
}
