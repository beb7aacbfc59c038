import Foundation
import Topology

/// A from-scratch solve: the model kept for later updates, and the allocation it gives.
struct FreshSolve {
    var setup: ProblemSetup
    var master: MasterProblem
    var allocation: Allocation
    /// Whether the allocation came from the all-spines relaxation split onto exact groups.
    var split: Bool

    /// Solves `demands` on `topology`. On a two-tier Clos fabric whose spines differ (degraded or
    /// failed cables, drained spines, mixed speeds), max-weighted-throughput and min-mlu first try the
    /// relaxation that sums every spine into one group — a transportation LP over the leaves, one
    /// column per demand and two rows per leaf — and split its flows exactly onto the uniform spine
    /// groups (`SpineGroupSplit`); the split, when it exists, is optimal (the relaxation bounds the
    /// true optimum). Otherwise, or when `relaxFirst` is false, they solve over the exact groups with
    /// column generation. Priority-maxmin first tries `MetricCutMaxMin` (water-filling a relaxation
    /// tightened by metric cuts, one routing LP per round; its `master` is that routing LP over pooled
    /// endpoint pairs) and falls back to LP progressive filling; `cuts: false` goes straight to LP
    /// progressive filling (the reference).
    ///
    /// A solver failure or GLPK fault is retried once from scratch with safer settings (a scaled
    /// model, no crash start, over the exact groups); the retry's error is thrown if it fails too.
    static func solve(topology: Topology, demands: [Demand], options: OptimizerOptions, relaxFirst: Bool,
                      cuts: Bool = true) throws(OptimizerError) -> FreshSolve {
        do {
            return try attempt(topology: topology, demands: demands, options: options, relaxFirst: relaxFirst, cuts: cuts, safe: false)
        } catch .glpkFault, .solverFailed, .invalidModel {
            return try attempt(topology: topology, demands: demands, options: options, relaxFirst: false, cuts: cuts, safe: true)
        }
    }

    /// A one-shot solve, nothing kept for later updates: as `solve` with `relaxFirst`, but on a
    /// general graph (a WAN) the source-tree master is tried first (`SourceTreeMaster`), and on a
    /// three-tier fat tree max-weighted-throughput and min-mlu first try the relaxation that merges
    /// every pod's aggregation and core switches (`FatTreePodRouteSpace`: one column per demand) and
    /// split its flows exactly onto up-down routes (`FatTreeSplit`); the split, when it exists, is
    /// optimal. (An `IncrementalOptimizer` keeps the exact up-down model instead, for warm updates.)
    static func allocation(topology: Topology, demands: [Demand], options: OptimizerOptions,
                           progress: (SolveProgress) -> Void) throws(OptimizerError) -> Allocation {
        let start = ContinuousClock.now
        let setup = try ProblemSetup(topology: topology, demands: demands, options: options)
        if let allocation = SourceTreeMaster.allocation(for: setup, start: start, progress: progress) { return allocation }
        do {
            return try attempt(setup: setup, relaxFirst: true, cuts: true, safe: false, start: start, mergesPods: true).allocation
        } catch .glpkFault, .solverFailed, .invalidModel {
            return try attempt(topology: topology, demands: demands, options: options, relaxFirst: false, cuts: true, safe: true).allocation
        }
    }

    private static func attempt(topology: Topology, demands: [Demand], options: OptimizerOptions, relaxFirst: Bool, cuts: Bool,
                                safe: Bool) throws(OptimizerError) -> FreshSolve {
        let start = ContinuousClock.now
        let setup = try ProblemSetup(topology: topology, demands: demands, options: options)
        return try attempt(setup: setup, relaxFirst: relaxFirst, cuts: cuts, safe: safe, start: start)
    }

    private static func attempt(setup: ProblemSetup, relaxFirst: Bool, cuts: Bool, safe: Bool,
                                start: ContinuousClock.Instant, mergesPods: Bool = false) throws(OptimizerError) -> FreshSolve {
        let options = setup.options
        if relaxFirst, options.objective != .priorityMaxMin, options.method == .columnGeneration, options.symmetryReduction {
            if let exact = setup.space as? SpineLeafRouteSpace, exact.groups.count >= 2,
               let relaxed = try relaxAndSplit(setup: setup, exact: exact, start: start) {
                return relaxed
            }
            if mergesPods, let exact = setup.space as? FatTreeRouteSpace, let relaxed = try mergePodsAndSplit(setup: setup, exact: exact, start: start) {
                return relaxed
            }
        }
        if cuts, options.objective == .priorityMaxMin, let solved = try MetricCutMaxMin.solve(setup, start: start, safe: safe) {
            return solved
        }
        let master = try Optimization.makeMaster(setup, mode: Optimization.mode(for: options.objective), safe: safe)
        let value = try Optimization.run(master, setup)
        let allocation = AllocationBuilder(setup: setup, space: setup.space)
            .build(flows: master.flows(), objectiveValue: value, solveSeconds: (ContinuousClock.now - start).seconds, statistics: master.statistics)
        return FreshSolve(setup: setup, master: master, allocation: allocation, split: false)
    }

    private static func relaxAndSplit(setup exactSetup: ProblemSetup, exact: SpineLeafRouteSpace, start: ContinuousClock.Instant) throws(OptimizerError) -> FreshSolve? {
        let all = [Array(exact.spines.indices)]
        let setup = try ProblemSetup(topology: exactSetup.topology, demands: exactSetup.resolved.entries.map(\.demand),
                                     options: exactSetup.options, spineGrouping: .given(all))
        guard let relaxed = setup.space as? SpineLeafRouteSpace else { return nil }
        let master = try Optimization.makeMaster(setup, mode: Optimization.mode(for: setup.options.objective))
        let value = try Optimization.run(master, setup)
        let usable = master.mode == .minMLU ? master.auxValue : 1 - setup.options.headroom
        guard let flows = SpineGroupSplit.split(master.flows(), commodities: setup.commodities, coarse: relaxed, fine: exact,
                                                usable: usable, scale: setup.scale) else { return nil }
        let allocation = AllocationBuilder(setup: setup, space: exact)
            .build(flows: flows, objectiveValue: value, solveSeconds: (ContinuousClock.now - start).seconds, statistics: master.statistics)
        return FreshSolve(setup: setup, master: master, allocation: allocation, split: true)
    }

    /// The fat-tree fast path: the merged-pod relaxation, split onto up-down routes; nil when the split fails.
    static func mergePodsAndSplit(setup exactSetup: ProblemSetup, exact: FatTreeRouteSpace,
                                          start: ContinuousClock.Instant) throws(OptimizerError) -> FreshSolve? {
        var setup = exactSetup
        setup.space = FatTreePodRouteSpace(exact: exact)
        let master = try Optimization.makeMaster(setup, mode: Optimization.mode(for: setup.options.objective))
        let relaxedValue = try Optimization.run(master, setup)
        let usable = master.mode == .minMLU ? master.auxValue : 1 - setup.options.headroom
        guard let split = try FatTreeSplit.split(master.flows(), commodities: setup.commodities, exact: exact, usable: usable,
                                                 scale: setup.scale) else { return nil }
        // Max-weighted-throughput reports what the split serves (equal to the relaxation's optimum up to the solver's tolerance).
        let value = master.mode == .minMLU ? relaxedValue
            : split.flows.reduce(0) { $0 + setup.commodities[$1.commodity].weight * $1.flow } * setup.scale
        var statistics = master.statistics
        statistics.lpSolves += 1
        statistics.simplexIterations += split.iterations
        let allocation = AllocationBuilder(setup: setup, space: exact)
            .build(flows: split.flows, objectiveValue: value, solveSeconds: (ContinuousClock.now - start).seconds, statistics: statistics)
        return FreshSolve(setup: setup, master: master, allocation: allocation, split: true)
    }
}
