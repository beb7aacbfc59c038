import Foundation
import Optimizer
import Topology

/// Runs glpsol on the model `exportModel` writes and returns its optimum in Weft's units:
/// weighted bit/s for max-weighted-throughput, the utilization for min-mlu.
enum Oracle {
    static func glpsolOptimum(_ topology: Topology, _ demands: [Demand], _ options: OptimizerOptions = OptimizerOptions(),
                              method: GLPSolOracle.Method = .simplex) throws -> Double {
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.lp").path
        let export = try TrafficOptimizer(topology: topology).exportModel(demands, options: options, to: path)
        // A model without a single path column has optimum 0 (glpsol refuses a file with an empty objective).
        if export.columns == (options.objective == .minMLU ? 1 : 0) { return 0 }
        let result = try GLPSolOracle().solve(modelPath: path, method: method)
        return options.objective == .minMLU ? result.objective : result.objective * export.scale
    }
}
