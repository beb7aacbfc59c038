import ArgumentParser
import Foundation
import Topology

/// `weft topo show`: a summary of a topology and a table of its switches.
struct TopoShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarize a topology: switches by role, links, capacity, hosts, tenants, and each switch."
    )

    @OptionGroup var source: TopologySourceOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Also list every link with its capacity and where the capacity came from (switch-reported, stored, default, declared).")
    var links = false

    func run() throws {
        try runReportingFailures {
            let loaded = try source.load()
            loaded.warnings.forEach { printError("warning: \($0)") }
            let summary = TopologySummary(loaded.topology, version: loaded.version, listLinks: links)
            if json {
                print(try JSONOutput.text(summary))
            } else {
                summary.lines.forEach { print($0) }
            }
        }
    }
}
