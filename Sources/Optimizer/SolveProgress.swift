/// What a long solve reports while it works: one pricing round of column generation done.
public struct SolveProgress: Hashable, Sendable {
    /// 1 for the first round.
    public var round: Int
    /// Paths the round added to the LP.
    public var pathsAdded: Int
    /// The LP's objective before those paths (weighted bit/s, or the MLU for min-mlu).
    public var objectiveValue: Double

    public init(round: Int, pathsAdded: Int, objectiveValue: Double) {
        self.round = round
        self.pathsAdded = pathsAdded
        self.objectiveValue = objectiveValue
    }
}
