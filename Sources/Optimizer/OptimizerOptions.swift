/// Which paths a demand may use.
public enum PathSpace: Hashable, Sendable, Codable {
    /// `spineLeaf` when every demand endpoint sits on a leaf of a two-tier Clos (spine and leaf roles,
    /// or recognised from the graph); the up-down paths of a three-tier fat tree (edge → aggregation
    /// [→ core → aggregation] → edge) when the graph is one and every endpoint sits on its edge level;
    /// otherwise `simplePaths`.
    case automatic
    /// Every leaf → spine → leaf path (the two-tier Clos path set).
    case spineLeaf
    /// Every loop-free path over up links (the arc-formulation optimum).
    case simplePaths
    /// The k shortest loop-free paths by hop count (Yen).
    case kShortest(Int)
}

/// How the LP is assembled.
public enum SolveMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// Start from one path per demand and add paths priced by the LP duals until none improves.
    case columnGeneration = "column-generation"
    /// Put every path of the path space in the LP up front.
    case allPaths = "all-paths"
}

/// Settings for one optimization.
public struct OptimizerOptions: Hashable, Sendable, Codable {
    public var objective: Objective
    /// Fraction of every fabric link kept free, 0 ≤ headroom < 1. Host access ports are not derated.
    public var headroom: Double
    public var pathSpace: PathSpace
    public var method: SolveMethod
    /// On spine-leaf fabrics, solve over groups of spines with identical link capacities and split
    /// each group's flow evenly over its spines. Exact (the LP optimum is unchanged) and, on uniform
    /// fabrics, many times smaller.
    public var symmetryReduction: Bool
    /// Largest number of paths per demand `simplePaths` may enumerate for the all-paths LP.
    public var pathLimit: Int

    public init(objective: Objective = .maxWeightedThroughput, headroom: Double = 0, pathSpace: PathSpace = .automatic,
                method: SolveMethod = .columnGeneration, symmetryReduction: Bool = true, pathLimit: Int = 100_000) {
        self.objective = objective
        self.headroom = headroom
        self.pathSpace = pathSpace
        self.method = method
        self.symmetryReduction = symmetryReduction
        self.pathLimit = pathLimit
    }

    func validated() throws(OptimizerError) -> OptimizerOptions {
        guard headroom >= 0, headroom < 1 else {
            throw .invalidOption(name: "headroom", message: "\(headroom) must be at least 0 and below 1")
        }
        if case .kShortest(let k) = pathSpace, k < 1 {
            throw .invalidOption(name: "path-space", message: "k-shortest needs k ≥ 1 (got \(k))")
        }
        guard pathLimit >= 1 else {
            throw .invalidOption(name: "path-limit", message: "must be at least 1 (got \(pathLimit))")
        }
        return self
    }
}
