/// What a scenario run reports while it works: a step starting, and a step done with its
/// headline numbers. The CLI turns these into its progress line.
public struct StepProgress: Hashable, Sendable {
    public enum Phase: Hashable, Sendable {
        case solving
        /// A pricing round of the step's LP done (large WANs): paths added, objective so far.
        case pricing(round: Int, pathsAdded: Int)
        /// The step's all-pairs min-cut tree: max-flows done of all it needs (large fabrics).
        case minCut(flowsDone: Int, flowsTotal: Int)
        case finished(solveSeconds: Double, servedFraction: Double, mlu: Double)
    }

    /// 0 for the baseline.
    public var index: Int
    /// Number of steps including the baseline.
    public var count: Int
    public var label: String
    public var phase: Phase

    public init(index: Int, count: Int, label: String, phase: Phase) {
        self.index = index
        self.count = count
        self.label = label
        self.phase = phase
    }
}
