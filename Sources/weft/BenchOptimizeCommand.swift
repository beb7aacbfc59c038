import ArgumentParser
import Foundation
import Optimizer
import Topology
import TopologyFormats

/// `weft bench optimize`: Weft's LP methods against glpsol on the same exported model, in one run.
///
/// Builds a spine-leaf fabric with a demand for every ordered leaf pair, exports the full path model
/// (every leaf → spine → leaf path, no reduction) as CPLEX LP, then times Weft (column generation and
/// all paths, over spine groups and per spine), a link-failure re-optimization, and glpsol simplex
/// and interior point on the exported file. Progress goes to stderr; the table and JSON to stdout.
struct BenchOptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Time Weft's optimizer against glpsol on an all-leaf-pairs spine-leaf model.")

    @Option(help: "Number of spines.")
    var spines: Int = 8

    @Option(help: "Number of leaves.")
    var leaves: Int = 32

    @Option(help: "Mean demand per ordered leaf pair (e.g. 40G).")
    var rate: String = "40G"

    @Option(help: "Each pair's rate is drawn from rate × [1 − spread, 1 + spread].")
    var spread: Double = 0.5

    @Option(help: "Seed for rates and classes.")
    var seed: UInt64 = 1

    @Flag(help: "Also run the per-spine (unreduced) Weft methods on large fabrics, where they take minutes.")
    var allMethods = false

    @Flag(help: "Skip glpsol (simplex and interior).")
    var skipGlpsol = false

    @Flag(help: "Print only JSON.")
    var json = false

    struct Row: Encodable {
        var method: String
        var seconds: Double?
        var objective: Double?
        var relative_gap: Double?
        var reference: String
        var note: String
    }

    struct Report: Encodable {
        var spines: Int
        var leaves: Int
        var demands: Int
        var path_variables: Int
        var rows: Int
        var objective_unit: String
        var failed_cable: String
        var methods: [Row]
    }

    func run() throws {
        try runReportingFailures {
            do {
                try execute()
            } catch let error as OptimizerError {
                throw CommandFailure(error.description)
            }
        }
    }

    private func execute() throws {
        guard spines >= 1, leaves >= 2 else { throw CommandFailure("bench optimize: need at least 1 spine and 2 leaves") }
        let meanRate = try parseRate(rate, option: "--rate")
        let fabric = SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: 0).generate()
        let demands = try DemandGenerator(model: .uniform, endpoints: DemandGenerator.defaultEndpoints(in: fabric), volume: .perPairBps(meanRate),
                                          classes: [.gold, .silver, .bronze], seed: seed, spread: spread).generate()
        let optimizer = TrafficOptimizer(topology: fabric)
        let small = spines * leaves <= 512
        let modelPath = FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-\(spines)x\(leaves)-\(getpid()).lp").path
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        progress("fabric \(fabric.name): \(fabric.switches.count) switches, \(fabric.links.count) links; \(demands.count) leaf-pair demands, mean \(Formatting.rate(meanRate)) ±\(Int(spread * 100))%, classes gold/silver/bronze, seed \(seed)")
        progress("exporting the full path model (every leaf→spine→leaf path) to \(modelPath)")
        let export = try optimizer.exportModel(demands, to: modelPath)
        let unit = export.scale / 1e9
        progress("model: \(export.columns) path variables, \(export.rows) rows")

        var rows: [Row] = []
        func weft(_ name: String, _ options: OptimizerOptions) throws -> Allocation {
            progress("running \(name)")
            let allocation = try optimizer.optimize(demands, options: options)
            rows.append(Row(method: name, seconds: allocation.solveSeconds, objective: allocation.objectiveValue / 1e9, relative_gap: nil,
                            reference: "glpsol simplex", note: "\(allocation.statistics.lpSolves) LPs, \(allocation.statistics.columns) columns, \(allocation.statistics.simplexIterations) iterations"))
            return allocation
        }
        let grouped = optimizer.spineGroups().count
        _ = try weft("weft column generation, \(grouped) spine group(s)", OptimizerOptions())
        _ = try weft("weft all paths, \(grouped) spine group(s)", OptimizerOptions(method: .allPaths))
        if small || allMethods {
            _ = try weft("weft column generation, per spine", OptimizerOptions(symmetryReduction: false))
            _ = try weft("weft all paths, per spine (the exported model)", OptimizerOptions(method: .allPaths, symmetryReduction: false))
        } else {
            rows.append(Row(method: "weft column generation / all paths, per spine", seconds: nil, objective: nil, relative_gap: nil, reference: "", note: "skipped (pass --all-methods)"))
        }
        if !skipGlpsol {
            for method in GLPSolOracle.Method.allCases {
                let name = "glpsol \(method == .simplex ? "simplex" : "--interior") (exported model)"
                progress("running \(name) on \(export.columns) columns")
                do {
                    let result = try GLPSolOracle().solve(modelPath: modelPath, method: method)
                    rows.append(Row(method: name, seconds: result.seconds, objective: result.objective * unit, relative_gap: nil,
                                    reference: method == .simplex ? "" : "glpsol simplex", note: "subprocess, includes reading the file"))
                } catch {
                    rows.append(Row(method: name, seconds: nil, objective: nil, relative_gap: nil, reference: "", note: "failed: \(error)"))
                }
            }
        }
        let referenceObjective = rows.first { $0.method.hasPrefix("glpsol simplex") }?.objective
        for index in rows.indices where rows[index].reference == "glpsol simplex" {
            rows[index].relative_gap = gap(rows[index].objective, referenceObjective)
        }

        let cable = ("leaf1", "spine1")
        progress("building the incremental optimizer, then failing cable \(cable.0)<->\(cable.1)")
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let failed = try incremental.setCable(between: cable.0, and: cable.1, up: false)
        let failedFabric = incremental.topology
        progress("solving the failed fabric from scratch for reference")
        let scratch = try TrafficOptimizer(topology: failedFabric).optimize(demands)
        rows.append(Row(method: "weft re-optimization after cable failure (\(incremental.lastUpdateKind.rawValue))", seconds: failed.solveSeconds,
                        objective: failed.objectiveValue / 1e9, relative_gap: gap(failed.objectiveValue, scratch.objectiveValue),
                        reference: "weft from scratch, failed fabric", note: "\(failed.statistics.lpSolves) LPs so far on this problem"))
        rows.append(Row(method: "weft from scratch, failed fabric", seconds: scratch.solveSeconds, objective: scratch.objectiveValue / 1e9,
                        relative_gap: nil, reference: "", note: "\(scratch.statistics.lpSolves) LPs, \(scratch.statistics.columns) columns"))

        let report = Report(spines: spines, leaves: leaves, demands: demands.count, path_variables: export.columns, rows: export.rows,
                            objective_unit: "weighted Gbit/s", failed_cable: "\(cable.0)<->\(cable.1)", methods: rows)
        if !json {
            print("spine-leaf \(spines)×\(leaves): \(demands.count) leaf-pair demands, \(export.columns) path variables, \(export.rows) rows; objective in weighted Gbit/s")
            var table = TextTable(["method", "seconds", "objective", "rel. gap", "vs", "note"], rightAligned: [1, 2, 3])
            for row in rows {
                table.append([row.method, row.seconds.map { String(format: "%.4f", $0) } ?? "—", row.objective.map { String(format: "%.6f", $0) } ?? "—",
                              row.relative_gap.map { String(format: "%.1e", $0) } ?? "—", row.reference, row.note])
            }
            table.lines.forEach { print($0) }
            print("")
        }
        print(try JSONOutput.text(report))
    }

    private func gap(_ value: Double?, _ reference: Double?) -> Double? {
        guard let value, let reference else { return nil }
        return abs(value - reference) / max(abs(reference), 1e-12)
    }

    private func progress(_ message: String) {
        printError("[bench] \(message)")
    }
}
