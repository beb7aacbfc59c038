import ArgumentParser
import Foundation
import Optimizer
import Topology
import TopologyFormats

/// `weft bench optimize`: Weft's optimizer against glpsol on the same exported model, in one run.
///
/// The fabric is a generated spine-leaf (`--spines`, `--leaves`) or any importable file
/// (`--topology`), optionally made heterogeneous (`--degraded`, `--failed-cables`,
/// `--failed-spines`) and optionally round-tripped through Topology Zoo GraphML with labels only
/// (`--graphml`), so it has no roles. Demands come from `--demands` or are generated for every
/// ordered pair of endpoints. The run times loading, model export, Weft's solve for `--objective`,
/// glpsol `--simplex` and `--interior` on the exported all-paths model (objective values and
/// relative gaps), and a warm re-optimization after one more cable fails. Progress goes to stderr,
/// the table and JSON to stdout.
struct BenchOptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Time Weft's optimizer against glpsol on the same exported model.")

    @Option(help: "Number of spines of the generated fabric (ignored with --topology).")
    var spines: Int = 8

    @Option(help: "Number of leaves of the generated fabric (ignored with --topology).")
    var leaves: Int = 32

    @Option(help: "A topology file (yaml, json, graphml, sndlib) instead of a generated spine-leaf.")
    var topology: String?

    @Option(help: "Demand file (CSV or YAML) instead of generated demands.")
    var demands: String?

    @Option(help: "Class file (YAML) for --demands.")
    var classes: String?

    @Option(help: "max-weighted-throughput, min-mlu or priority-maxmin.")
    var objective: Objective = .maxWeightedThroughput

    @Option(help: "Fraction of the cables running at --degraded-capacity (e.g. 0.05).")
    var degraded: Double = 0

    @Option(help: "Capacity a degraded cable keeps (fraction).")
    var degradedCapacity: Double = 0.4

    @Option(help: "Fraction of the cables that are down.")
    var failedCables: Double = 0

    @Option(help: "Number of spines drained (every link down).")
    var failedSpines: Int = 0

    @Flag(help: "Write the fabric as Topology Zoo GraphML (labels only, no roles) and solve what the importer reads back.")
    var graphml = false

    @Option(help: "Generated demands: mean rate per ordered endpoint pair (e.g. 40G).")
    var rate: String = "40G"

    @Option(help: "Generated demands: each rate is drawn from rate × [1 − spread, 1 + spread].")
    var spread: Double = 0.5

    @Option(help: "Seed for the degradation, rates and classes.")
    var seed: UInt64 = 1

    @Option(help: "glpsol methods to run on the exported model: simplex, interior, both or none.")
    var glpsol: String = "both"

    @Flag(help: "priority-maxmin: also run LP progressive filling (one LP per bottleneck level) and compare every demand's rate.")
    var referenceFilling = false

    @Flag(help: "Skip the warm re-optimization rows.")
    var noReoptimization = false

    @Flag(help: "Also time column generation over every spine (no relaxation, no symmetry reduction): the method before the Clos fast path.")
    var columnGeneration = false

    @Option(help: ArgumentHelp("Keep the inputs in this directory: the fabric (fabric.yaml, fabric.graphml), the demands (demands.csv) and the model glpsol solves (model.lp, CPLEX LP), for whole-process timings of weft optimize and glpsol.", valueName: "directory"))
    var saveInputs: String?

    @Option(help: "Generated demands: uniform or gravity.")
    var matrix: String = "uniform"

    @Option(help: "Generated demands: total volume over all pairs (e.g. 100G) instead of --rate per pair.")
    var total: String?

    @Option(help: "Generated demands: only the N endpoints with the most attached capacity.")
    var maxEndpoints: Int?

    @Option(help: "Model glpsol solves: paths (every path listed) or arcs (node-link formulation by source, for general graphs).")
    var model: String = "paths"

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
        var topology: String
        var switches: Int
        var links: Int
        var demands: Int
        var objective: String
        var objective_unit: String
        var path_variables: Int?
        var rows: Int?
        var degraded_cables: Int
        var failed_cables: Int
        var drained_spines: [String]
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
        let degradation = FabricDegradation(degradedFraction: degraded, degradedCapacity: degradedCapacity, failedFraction: failedCables,
                                            failedSpines: failedSpines, seed: seed)
        let problems = degradation.problems()
        guard problems.isEmpty else { throw CommandFailure(problems.map { "bench optimize: \($0)" }) }
        let glpsolMethods = try glpsolMethods()
        var rows: [Row] = []

        var fabric: Topology
        if let topology {
            let start = ContinuousClock.now
            fabric = try TopologyArgument.load(topology)
            rows.append(Row(method: "load \((topology as NSString).lastPathComponent)", seconds: seconds(since: start), objective: nil,
                            relative_gap: nil, reference: "", note: "parse and validate"))
        } else {
            guard spines >= 1, leaves >= 2 else { throw CommandFailure("bench optimize: need at least 1 spine and 2 leaves") }
            fabric = SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: 0).generate()
        }
        let endpoints = DemandGenerator.defaultEndpoints(in: fabric)
        let changed = degradation.apply(to: fabric)
        fabric = changed.topology
        if graphml {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-\(getpid()).graphml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(fabric.graphML().utf8).write(to: URL(fileURLWithPath: path))
            let start = ContinuousClock.now
            fabric = try TopologyImporter().importFile(atPath: path).topology
            rows.append(Row(method: "load the fabric as GraphML (labels only)", seconds: seconds(since: start), objective: nil,
                            relative_gap: nil, reference: "", note: "\(fabric.switches.count) nodes, \(fabric.links.count / 2) cables"))
        }
        let demandSet = try loadDemands(endpoints: endpoints, in: fabric)
        if let saveInputs { try save(fabric, demandSet, into: saveInputs) }
        progress("fabric \(fabric.name): \(fabric.switches.count) switches, \(fabric.links.count) links (\(changed.degraded.count) cables at \(Int(degradedCapacity * 100))%, \(changed.failed.count) down, drained: \(changed.drained.isEmpty ? "none" : changed.drained.joined(separator: ", "))); \(demandSet.count) demands; objective \(objective)")

        let optimizer = TrafficOptimizer(topology: fabric)
        var export: ModelExport?
        let modelPath = saveInputs.map { URL(fileURLWithPath: $0).appendingPathComponent("model.lp").path }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-\(getpid()).lp").path
        defer { if saveInputs == nil { try? FileManager.default.removeItem(atPath: modelPath) } }
        if objective != .priorityMaxMin, !glpsolMethods.isEmpty || saveInputs != nil {
            let arcs = try arcModel()
            let label = arcs ? "arc model (node-link by source, every simple path)" : "all-paths model (every path, no reduction)"
            progress("exporting the \(label) to \(modelPath)")
            let start = ContinuousClock.now
            let written = arcs ? try optimizer.exportArcModel(demandSet, options: OptimizerOptions(objective: objective), to: modelPath)
                               : try optimizer.exportModel(demandSet, options: OptimizerOptions(objective: objective), to: modelPath)
            export = written
            rows.append(Row(method: "export the \(arcs ? "arc" : "all-paths") model", seconds: seconds(since: start), objective: nil, relative_gap: nil,
                            reference: "", note: "\(written.columns) columns, \(written.rows) rows (not part of Weft's solve)"))
        }
        progress("running weft \(objective)")
        let allocation = try optimizer.optimize(demandSet, options: OptimizerOptions(objective: objective)) { round in
            progress(round.summary)
        }
        let statistics = allocation.statistics
        let weftValue = value(of: allocation)
        rows.append(Row(method: "weft \(objective)", seconds: allocation.solveSeconds, objective: weftValue, relative_gap: nil, reference: "glpsol",
                        note: "\(statistics.lpSolves) LPs, \(statistics.pricingRounds) pricing rounds, \(statistics.columns) columns, \(statistics.simplexIterations) simplex iterations"))
        if columnGeneration {
            progress("running weft \(objective) by column generation over every spine")
            let previous = try optimizer.optimize(demandSet, options: OptimizerOptions(objective: objective, symmetryReduction: false))
            let work = previous.statistics
            rows.append(Row(method: "weft column generation over every spine", seconds: previous.solveSeconds, objective: value(of: previous),
                            relative_gap: gap(value(of: previous), weftValue), reference: "weft \(objective)",
                            note: "\(work.lpSolves) LPs, \(work.pricingRounds) pricing rounds, \(work.columns) columns, \(work.simplexIterations) simplex iterations"))
        }
        if let export {
            for method in glpsolMethods {
                let name = "glpsol --\(method.rawValue) (exported model)"
                progress("running \(name) on \(export.columns) columns")
                do {
                    let result = try GLPSolOracle().solve(modelPath: modelPath, method: method)
                    let scaled = objective == .minMLU ? result.objective : result.objective * export.scale / 1e9
                    rows.append(Row(method: name, seconds: result.seconds, objective: scaled, relative_gap: nil, reference: "",
                                    note: "subprocess, includes reading the file"))
                } catch {
                    rows.append(Row(method: name, seconds: nil, objective: nil, relative_gap: nil, reference: "", note: "failed: \(error)"))
                }
            }
            let reference = rows.first { $0.method.hasPrefix("glpsol") && $0.objective != nil }
            if let index = rows.firstIndex(where: { $0.reference == "glpsol" }) {
                rows[index].relative_gap = gap(rows[index].objective, reference?.objective)
                rows[index].reference = reference?.method ?? ""
            }
        } else if objective == .priorityMaxMin, referenceFilling {
            progress("running the LP progressive filling reference (one LP per bottleneck level)")
            let reference = try optimizer.progressiveFillingReference(demandSet)
            let largest = zip(allocation.demands, reference.demands).map { abs($0.servedBps - $1.servedBps) / max(1e9, $1.demand.rateBps) }.max() ?? 0
            rows.append(Row(method: "LP progressive filling (reference)", seconds: reference.solveSeconds, objective: value(of: reference), relative_gap: nil,
                            reference: "", note: "\(reference.statistics.lpSolves) LPs, \(reference.statistics.simplexIterations) simplex iterations"))
            if let index = rows.firstIndex(where: { $0.reference == "glpsol" }) {
                rows[index].relative_gap = gap(rows[index].objective, value(of: reference))
                rows[index].reference = "LP progressive filling"
                rows[index].note += "; largest per-demand difference \(String(format: "%.1e", largest)) of its rate"
            }
        } else if objective == .priorityMaxMin {
            rows.append(Row(method: "glpsol", seconds: nil, objective: nil, relative_gap: nil, reference: "",
                            note: "priority-maxmin is a sequence of LPs; --reference-filling compares it with LP progressive filling"))
        }

        if !noReoptimization, let cable = firstCable(in: fabric) {
            progress("warm re-optimization: building the incremental optimizer, then failing cable \(cable.0)<->\(cable.1)")
            let incremental = try IncrementalOptimizer(topology: fabric, demands: demandSet, options: OptimizerOptions(objective: objective))
            let failed = try incremental.setCable(between: cable.0, and: cable.1, up: false)
            progress("solving the failed fabric from scratch for reference")
            let scratch = try TrafficOptimizer(topology: incremental.topology).optimize(demandSet, options: OptimizerOptions(objective: objective))
            rows.append(Row(method: "weft re-optimization after cable \(cable.0)<->\(cable.1) fails (\(incremental.lastUpdateKind.rawValue))",
                            seconds: failed.solveSeconds, objective: value(of: failed), relative_gap: gap(value(of: failed), value(of: scratch)),
                            reference: "weft from scratch, failed fabric", note: "\(failed.statistics.lpSolves) LPs so far on this problem"))
            rows.append(Row(method: "weft from scratch, failed fabric", seconds: scratch.solveSeconds, objective: value(of: scratch),
                            relative_gap: nil, reference: "", note: "\(scratch.statistics.lpSolves) LPs, \(scratch.statistics.columns) columns"))
        }

        let unit = objective == .minMLU ? "max link utilization" : "weighted Gbit/s"
        let report = Report(topology: fabric.name, switches: fabric.switches.count, links: fabric.links.count, demands: demandSet.count,
                            objective: objective.rawValue, objective_unit: unit, path_variables: export?.columns, rows: export?.rows,
                            degraded_cables: changed.degraded.count, failed_cables: changed.failed.count, drained_spines: changed.drained, methods: rows)
        if !json {
            print("\(fabric.name): \(fabric.switches.count) switches, \(fabric.links.count) links, \(changed.degraded.count) cables degraded to \(Int(degradedCapacity * 100))%, \(changed.failed.count) down, \(changed.drained.count) spines drained; \(demandSet.count) demands; \(objective) in \(unit)")
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

    /// Writes the fabric as Weft YAML and as GraphML (labels only), and the demands as CSV (the model
    /// follows when it is exported).
    private func save(_ fabric: Topology, _ demands: [Demand], into directory: String) throws {
        let folder = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("--save-inputs \(directory): \(error.localizedDescription)")
        }
        try TopologyWriter.write(fabric, to: folder.appendingPathComponent("fabric.yaml").path, format: nil)
        try TopologyWriter.write(fabric, to: folder.appendingPathComponent("fabric.graphml").path, format: nil)
        try DemandFileWriter.write(demands, to: folder.appendingPathComponent("demands.csv").path)
        progress("wrote fabric.yaml, fabric.graphml and demands.csv (\(demands.count) demands) into \(directory)")
    }

    private func glpsolMethods() throws -> [GLPSolOracle.Method] {
        switch glpsol {
        case "both": return [.simplex, .interior]
        case "none": return []
        default:
            guard let method = GLPSolOracle.Method(rawValue: glpsol) else {
                throw CommandFailure("--glpsol: expected simplex, interior, both or none (got '\(glpsol)')")
            }
            return [method]
        }
    }

    private func loadDemands(endpoints: [String], in fabric: Topology) throws -> [Demand] {
        if let demands {
            return try DemandFileArguments.load(demands, classes: classes).demands
        }
        guard let model = DemandGenerator.Model(rawValue: matrix), model != .hotspot else {
            throw CommandFailure("--matrix: expected uniform or gravity (got '\(matrix)')")
        }
        let volume: DemandGenerator.Volume = try total.map { .totalBps(try parseRate($0, option: "--total")) }
            ?? .perPairBps(try parseRate(rate, option: "--rate"))
        var endpoints = endpoints
        if let maxEndpoints {
            guard maxEndpoints >= 2 else { throw CommandFailure("--max-endpoints: need at least 2 (got \(maxEndpoints))") }
            endpoints = DemandGenerator.bestConnected(endpoints, limit: maxEndpoints, in: fabric)
        }
        return try DemandGenerator(model: model, endpoints: endpoints, volume: volume,
                                   classes: [.gold, .silver, .bronze], seed: seed, spread: model == .uniform ? spread : 0).generate()
    }

    private func arcModel() throws -> Bool {
        switch model {
        case "paths": return false
        case "arcs": return true
        default: throw CommandFailure("--model: expected paths or arcs (got '\(model)')")
        }
    }

    /// The objective in the table's unit: weighted Gbit/s, or the MLU for min-mlu.
    private func value(of allocation: Allocation) -> Double {
        objective == .minMLU ? allocation.objectiveValue : allocation.objectiveValue / 1e9
    }

    /// The first cable that is up, by link order: what the warm re-optimization fails.
    private func firstCable(in topology: Topology) -> (String, String)? {
        topology.links.first { $0.isUp && $0.capacityBps > 0 }.map { ($0.source.node, $0.target.node) }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).seconds
    }

    private func gap(_ value: Double?, _ reference: Double?) -> Double? {
        guard let value, let reference else { return nil }
        return abs(value - reference) / max(abs(reference), 1e-12)
    }

    private func progress(_ message: String) {
        printError("[bench] \(message)")
    }
}
