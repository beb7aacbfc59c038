/// Why the optimizer could not produce an allocation. Every case names what was wrong and where.
public enum OptimizerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One or more demands are unusable (unknown endpoint, negative rate, bad class, duplicate id).
    case invalidDemands([DemandProblem])
    /// An option is out of range, e.g. headroom outside 0..<1.
    case invalidOption(name: String, message: String)
    /// A max-flow/min-cut endpoint is neither a host nor a switch of the topology.
    case unknownNode(String)
    /// The LP has no feasible point (`GLP_NOFEAS`/`GLP_INFEAS`, or presolve's `GLP_ENOPFS`).
    case infeasible(stage: String)
    /// The LP objective is unbounded (`GLP_UNBND`, or presolve's `GLP_ENODFS`).
    case unbounded(stage: String)
    /// `glp_simplex` failed (a non-zero return code or a non-optimal status) and the retry with safer
    /// settings failed too. `model` names the LP, `stage` the objective level; `diagnostics` is the
    /// CPLEX LP file the failing model was written to.
    case solverFailed(model: String, stage: String, code: Int32, message: String, diagnostics: String?)
    /// GLPK hit a fatal error or an internal assertion. The process goes on (the C shim leaves GLPK
    /// through its error hook and frees the thread's GLPK environment); `message` is GLPK's text and
    /// `diagnostics` the CPLEX LP file written before the environment was freed, when that worked.
    case glpkFault(model: String, stage: String, message: String, diagnostics: String?)
    /// The model handed to GLPK would be invalid (a NaN, infinite or crossed bound): a Weft bug,
    /// refused before GLPK sees it.
    case invalidModel(model: String, message: String)
    /// The model would need more path columns than the limit allows (all-paths on a large WAN).
    case tooManyPaths(demand: String, limit: Int)
    /// Writing the CPLEX LP file failed.
    case exportFailed(path: String)
    /// A GLPK-owning object was used from a thread other than the one that created it.
    case wrongThread(String)
    /// The incremental optimizer was given a topology whose links differ in number or endpoints.
    case topologyShapeChanged(String)

    public var description: String {
        switch self {
        case .invalidDemands(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .invalidOption(let name, let message):
            return "option \(name): \(message)"
        case .unknownNode(let name):
            return "unknown node '\(name)': not a host or switch of the topology"
        case .infeasible(let stage):
            return "LP infeasible (\(stage))"
        case .unbounded(let stage):
            return "LP unbounded (\(stage))"
        case .solverFailed(let model, let stage, let code, let message, let diagnostics):
            return "GLPK simplex failed on \(model) in \(stage): return code \(code) (\(message)), also after a retry with scaling and a crash basis"
                + (diagnostics.map { "; failing model written to \($0)" } ?? "")
        case .glpkFault(let model, let stage, let message, let diagnostics):
            return "GLPK fault on \(model) in \(stage): \(message.isEmpty ? "fatal error" : message)"
                + (diagnostics.map { "; failing model written to \($0)" } ?? "")
        case .invalidModel(let model, let message):
            return "invalid LP \(model) (a Weft bug): \(message)"
        case .tooManyPaths(let demand, let limit):
            return "demand \(demand): more than \(limit) simple paths; use column generation or k-shortest paths"
        case .exportFailed(let path):
            return "could not write CPLEX LP file \(path)"
        case .wrongThread(let what):
            return "\(what) must be used on the thread that created it (GLPK state is thread-local)"
        case .topologyShapeChanged(let message):
            return "incremental re-optimization needs the same links: \(message)"
        }
    }
}

/// One problem with one demand: which demand, which field, what is wrong.
public struct DemandProblem: Hashable, Sendable, CustomStringConvertible {
    /// The demand's id.
    public var demandID: String
    /// `src`, `dst`, `rate_bps`, `class` or `id`.
    public var field: String
    public var message: String

    public init(demandID: String, field: String, message: String) {
        self.demandID = demandID
        self.field = field
        self.message = message
    }

    public var description: String { "demand \(demandID): \(field): \(message)" }
}
