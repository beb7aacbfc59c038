import ArgumentParser
import Foundation
import Optimizer

/// `weft mincut`: the maximum flow between two nodes and the links of a minimum cut.
struct MincutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mincut",
        abstract: "Print the max-flow value and a minimum cut between two hosts or switches.")

    @Option(help: "Topology file (yaml, json, graphml, sndlib) or a generator spec such as spine-leaf:4x8.")
    var topology: String

    @Argument(help: "Source host or switch.")
    var source: String

    @Argument(help: "Destination host or switch.")
    var destination: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let fabric = try TopologyArgument.load(topology)
            let result: MaxFlowResult
            do {
                result = try MaxFlow.compute(in: fabric, from: source, to: destination)
            } catch let error as OptimizerError {
                throw CommandFailure(error.description)
            }
            if json {
                print(try JSONOutput.text(result))
                return
            }
            print("max flow \(source) -> \(destination): \(Formatting.rate(result.valueBps))")
            print("minimum cut (\(result.cut.count) edge\(result.cut.count == 1 ? "" : "s")):")
            var table = TextTable(["edge", "capacity"], rightAligned: [1])
            for edge in result.cut { table.append([edge.name, Formatting.rate(edge.capacityBps)]) }
            table.lines.forEach { print("  " + $0) }
            print("source side: \(result.sourceSide.joined(separator: ", "))")
        }
    }
}
