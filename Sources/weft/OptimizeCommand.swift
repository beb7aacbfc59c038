import ArgumentParser
import Foundation
import Optimizer
import Topology
import TopologyFormats

extension Objective: ExpressibleByArgument {}

/// `weft optimize`: route a demand file over a topology and report the allocation.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Compute QoS-weighted paths for a demand set (LP on GLPK).")

    @Option(help: "Topology file (yaml, json, graphml, sndlib) or a generator spec such as spine-leaf:4x8.")
    var topology: String

    @Option(help: "Demand file: CSV (src,dst,rate_bps,class) or YAML.")
    var demands: String

    @Option(help: "max-weighted-throughput, min-mlu or priority-maxmin.")
    var objective: Objective = .maxWeightedThroughput

    @Option(help: "Class file (YAML) overriding or adding to gold, silver, bronze, mirror.")
    var classes: String?

    @Option(help: "Fraction of every fabric link kept free (0 ≤ h < 1).")
    var headroom: Double = 0

    @Option(name: .customLong("export-lp"), help: "Also write the all-paths model as CPLEX LP to this file.")
    var exportLP: String?

    @Flag(help: "Print JSON instead of the readable summary.")
    var json = false

    func run() throws {
        try runReportingFailures(execute)
    }

    private func execute() throws {
        let fabric = try TopologyArgument.load(topology)
        let file = try DemandFileArguments.load(demands, classes: classes)
        let options = OptimizerOptions(objective: objective, headroom: headroom)
        let optimizer = TrafficOptimizer(topology: fabric)
        let allocation: Allocation
        do {
            let terminal = isatty(FileHandle.standardError.fileDescriptor) == 1
            allocation = try optimizer.optimize(file.demands, options: options) { round in
                guard terminal else { return }
                FileHandle.standardError.write(Data("\r\u{1B}[K\(round.summary)".utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if let exportLP { try optimizer.exportModel(file.demands, options: options, to: exportLP) }
        } catch {
            throw CommandFailure(error, demandsFrom: file)
        }
        if json {
            print(try JSONOutput.text(OptimizeReport(allocation: allocation, topology: fabric)))
        } else {
            print(OptimizeReport.summary(allocation, topology: fabric))
        }
    }
}
