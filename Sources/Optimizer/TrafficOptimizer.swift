import Topology

/// QoS-aware multi-commodity flow over a topology, solved as a path-formulation LP with GLPK.
///
/// `optimize` is synchronous and keeps its GLPK problem local: it creates, solves and deletes it on
/// the calling thread with no suspension point in between. That makes it safe to call from any
/// thread or task, and concurrently from several (Debian's GLPK environment is thread-local). For
/// repeated solves that reuse a basis, use `IncrementalOptimizer` instead.
///
/// Objectives:
/// - `max-weighted-throughput`: maximize Σ weight(class) · x(d,p) subject to Σ_p x(d,p) ≤ rate(d)
///   and Σ over a link ≤ capacity · (1 − headroom).
/// - `min-mlu`: lexicographic — first the maximum weighted throughput (all demand when it fits), then,
///   keeping it, the smallest u with every link load ≤ u · capacity (u ≤ 1 − headroom).
/// - `priority-maxmin`: strict priority between classes, max-min fair rates within a class by
///   progressive filling; a lower class only gets capacity no higher class can use.
public struct TrafficOptimizer: Sendable {
    public let topology: Topology

    public init(topology: Topology) {
        self.topology = topology
    }

    /// Routes `demands` for `options.objective`.
    ///
    /// Throws `invalidDemands` (every bad demand at once), `invalidOption`, or a GLPK failure.
    /// Disconnected demands are not errors: they get served fraction 0 and a `disconnected` shortfall.
    ///
    /// `progress` hears of each pricing round where column generation reports them (large WANs).
    public func optimize(_ demands: [Demand], options: OptimizerOptions = OptimizerOptions(),
                         progress: (SolveProgress) -> Void = { _ in }) throws(OptimizerError) -> Allocation {
        try FreshSolve.allocation(topology: topology, demands: demands, options: options, progress: progress)
    }

    /// Checks `demands` against the topology without solving: every problem at once (`invalidDemands`:
    /// unknown endpoint, same source and destination, negative or infinite rate, duplicate id, bad class).
    public func check(_ demands: [Demand]) throws(OptimizerError) {
        _ = try ResolvedDemands.resolve(demands, in: topology)
    }

    /// Spines grouped by identical capacity to and from every leaf (the symmetry reduction's groups);
    /// empty when the topology has no spine and leaf roles.
    public func spineGroups() -> [[String]] {
        guard let space = SpineLeafRouteSpace(topology: topology, grouping: .identicalCapacities) else { return [] }
        return space.groups.map { $0.map { space.spines[$0] } }
    }

    /// Writes the LP for `demands` over every path of the path space, without symmetry reduction, as
    /// CPLEX LP (`glp_write_lp`), so `glpsol --lp FILE` can solve it independently.
    ///
    /// For `max-weighted-throughput` this is the model as stated. For `min-mlu` it is the second stage:
    /// the weighted-throughput floor comes from solving stage 1 first (with `options`). The optimum of
    /// the written model equals `optimize(demands, options:)`'s objective. `priority-maxmin` is a
    /// sequence of LPs and has no single model to export.
    @discardableResult
    public func exportModel(_ demands: [Demand], options: OptimizerOptions = OptimizerOptions(), to path: String) throws(OptimizerError) -> ModelExport {
        var full = options
        full.method = .allPaths
        full.symmetryReduction = false
        switch options.objective {
        case .maxWeightedThroughput:
            let setup = try ProblemSetup(topology: topology, demands: demands, options: full)
            let master = try Optimization.makeMaster(setup, mode: .weightedThroughput, demandRows: true)
            try master.lp.writeCPLEX(to: path)
            return ModelExport(path: path, scale: setup.scale, columns: master.lp.columnCount, rows: master.lp.rowCount)
        case .minMLU:
            var first = options
            first.objective = .maxWeightedThroughput
            let stageOne = try FreshSolve.allocation(topology: topology, demands: demands, options: first, progress: { _ in })
            let setup = try ProblemSetup(topology: topology, demands: demands, options: full)
            let floor = stageOne.objectiveValue / setup.scale
            let master = try Optimization.makeMaster(setup, mode: .minMLU, demandRows: true)
            master.beginMLUStage(floor: floor)
            try master.lp.writeCPLEX(to: path)
            return ModelExport(path: path, scale: setup.scale, columns: master.lp.columnCount, rows: master.lp.rowCount)
        case .priorityMaxMin:
            throw .invalidOption(name: "objective", message: "priority-maxmin solves a sequence of LPs; export supports max-weighted-throughput and min-mlu")
        }
    }
}

/// What `exportModel` wrote.
public struct ModelExport: Hashable, Sendable {
    public var path: String
    /// Bit/s per LP unit: rates and capacities in the file are bit/s divided by this, so a
    /// max-weighted-throughput objective × scale is weighted bit/s.
    public var scale: Double
    public var columns: Int
    public var rows: Int
}
