extension TrafficOptimizer {
    /// Priority-maxmin by LP progressive filling alone: one LP per bottleneck level, per demand, with
    /// no pooling of demands and no relaxation. `optimize` gives the same rates (it routes a
    /// relaxation's answer and proves it routable); this is the independent reference that
    /// benchmarks and tests compare it with. Slow on large fabrics (hundreds of LPs).
    public func progressiveFillingReference(_ demands: [Demand], options: OptimizerOptions = OptimizerOptions()) throws(OptimizerError) -> Allocation {
        var options = options
        options.objective = .priorityMaxMin
        return try FreshSolve.solve(topology: topology, demands: demands, options: options, relaxFirst: false, cuts: false).allocation
    }
}
