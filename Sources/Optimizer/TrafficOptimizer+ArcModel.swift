extension TrafficOptimizer {
    /// Writes the arc formulation of the LP over every simple path (`ArcModel`) as CPLEX LP, so
    /// `glpsol --lp FILE` can check Weft on a general graph where the all-paths model is too large.
    ///
    /// For `max-weighted-throughput` this is the model as stated. For `min-mlu` it is the second
    /// stage, whose throughput floor comes from solving max-weighted-throughput first (with
    /// `options`' headroom). Its optimum equals `optimize(demands, options:)`'s objective with the
    /// simple-path space. Throws `invalidOption` for priority-maxmin (a sequence of LPs).
    @discardableResult
    public func exportArcModel(_ demands: [Demand], options: OptimizerOptions = OptimizerOptions(), to path: String) throws(OptimizerError) -> ModelExport {
        var simple = options
        simple.pathSpace = .simplePaths
        let setup = try ProblemSetup(topology: topology, demands: demands, options: simple)
        let floor: Double?
        switch options.objective {
        case .maxWeightedThroughput:
            floor = nil
        case .minMLU:
            var first = simple
            first.objective = .maxWeightedThroughput
            floor = try optimize(demands, options: first).objectiveValue / setup.scale
        case .priorityMaxMin:
            throw .invalidOption(name: "objective", message: "priority-maxmin solves a sequence of LPs; export supports max-weighted-throughput and min-mlu")
        }
        guard let space = setup.space as? SimplePathRouteSpace else {
            throw .invalidOption(name: "path-space", message: "the arc formulation needs the simple-path space")
        }
        let model = ArcModel(setup: setup, graph: space.graph, floor: floor)
        try model.lp.writeCPLEX(to: path)
        return ModelExport(path: path, scale: setup.scale, columns: model.lp.columnCount, rows: model.lp.rowCount)
    }
}
