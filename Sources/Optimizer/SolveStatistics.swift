/// How much work a solve took; for benchmarks and logs.
public struct SolveStatistics: Hashable, Sendable, Codable {
    /// GLPK simplex runs (column generation and progressive filling solve many LPs).
    public var lpSolves: Int
    /// Path columns in the final LP.
    public var columns: Int
    /// Rows in the final LP.
    public var rows: Int
    /// Pricing rounds of column generation (0 when the path set was fixed).
    public var pricingRounds: Int
    /// Simplex iterations summed over all LPs.
    public var simplexIterations: Int

    public init(lpSolves: Int = 0, columns: Int = 0, rows: Int = 0, pricingRounds: Int = 0, simplexIterations: Int = 0) {
        self.lpSolves = lpSolves
        self.columns = columns
        self.rows = rows
        self.pricingRounds = pricingRounds
        self.simplexIterations = simplexIterations
    }

    enum CodingKeys: String, CodingKey {
        case lpSolves = "lp_solves"
        case columns, rows
        case pricingRounds = "pricing_rounds"
        case simplexIterations = "simplex_iterations"
    }
}
