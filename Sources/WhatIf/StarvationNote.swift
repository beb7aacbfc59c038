/// Said next to a step where max-weighted-throughput serves some demands not at all while others get
/// everything they ask: the objective allows it (it maximizes the weighted total, not fairness), so
/// the report says so and shows what priority-maxmin gives on the same step.
public struct StarvationNote: Hashable, Sendable, Codable {
    /// The same step solved with another objective.
    public struct Alternative: Hashable, Sendable, Codable {
        public var objective: String
        public var servedBps: Double
        public var servedFraction: Double
        /// The smallest served share of any demand.
        public var lowestDemandFraction: Double
        public var unservedDemands: Int
        public var fullyServedDemands: Int
        public var solveSeconds: Double
    }

    public var demands: Int
    /// Demands served less than 0.1 %.
    public var unservedDemands: Int
    /// Demands served at least 99.9 %.
    public var fullyServedDemands: Int
    public var message: String
    /// Priority-maxmin on the same fabric and demands; nil when that solve failed (see `message`).
    public var priorityMaxMin: Alternative?

    /// Demands below this served share count as not served.
    static let unserved = 0.001
}
