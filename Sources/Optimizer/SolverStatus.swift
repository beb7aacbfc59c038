/// The status GLPK reported for the last LP of a solve (`glp_get_status`).
public enum SolverStatus: String, Hashable, Sendable, Codable, CustomStringConvertible {
    case optimal
    case feasible
    case infeasible
    case noFeasible = "no-feasible"
    case unbounded
    case undefined

    public var description: String { rawValue }
}
