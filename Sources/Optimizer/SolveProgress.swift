import Foundation

/// What a long solve reports while it works: one pricing round of column generation done.
public struct SolveProgress: Hashable, Sendable {
    /// 1 for the first round.
    public var round: Int
    /// Paths (or trees) the round added to the LP.
    public var pathsAdded: Int
    /// The LP's objective before those paths (weighted bit/s, or the MLU for min-mlu).
    public var objectiveValue: Double
    /// Rows of the LP after the round (0 when the solver does not say).
    public var rows: Int
    /// Simplex iterations so far, over every LP of the solve.
    public var simplexIterations: Int
    /// CPU seconds spent in the simplex so far (CPU time: a shared machine stretches wall time).
    public var lpSeconds: Double
    /// CPU seconds spent pricing (shortest paths under the duals) and changing the model so far.
    public var pricingSeconds: Double
    /// How far the objective can still be from the optimum (relative), when the solver proves a bound.
    public var provenGap: Double?

    public init(round: Int, pathsAdded: Int, objectiveValue: Double, rows: Int = 0, simplexIterations: Int = 0,
                lpSeconds: Double = 0, pricingSeconds: Double = 0, provenGap: Double? = nil) {
        self.round = round
        self.pathsAdded = pathsAdded
        self.objectiveValue = objectiveValue
        self.rows = rows
        self.simplexIterations = simplexIterations
        self.lpSeconds = lpSeconds
        self.pricingSeconds = pricingSeconds
        self.provenGap = provenGap
    }
}

extension SolveProgress {
    /// CPU time of the calling thread, in seconds.
    static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    /// One line for a terminal: the round, what it added, the LP's size and where the time went.
    public var summary: String {
        var text = "pricing round \(round): +\(pathsAdded) paths"
        if rows > 0 {
            text += String(format: ", %d rows, %d simplex iterations, LP %.2f s, pricing %.2f s", rows, simplexIterations, lpSeconds, pricingSeconds)
        }
        if let provenGap, provenGap.isFinite { text += String(format: ", within %.1e of the optimum", provenGap) }
        return text
    }
}
