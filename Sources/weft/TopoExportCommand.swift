import ArgumentParser
import Foundation
import Topology

/// `weft topo export`: write a topology as YAML, JSON or Graphviz dot.
struct TopoExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a topology as json, yaml (Weft's topology file), dot (Graphviz) or graphml (Topology Zoo style)."
    )

    @Option(help: ArgumentHelp("json, yaml, dot or graphml (default: from --output's extension, else json).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var source: TopologySourceOptions

    func run() throws {
        try runReportingFailures {
            let loaded = try source.load()
            loaded.warnings.forEach { printError("warning: \($0)") }
            if let output {
                try TopologyWriter.write(loaded.topology, to: output, format: format)
            } else {
                let text = try TopologyWriter.text(of: loaded.topology, format: try TopologyWriter.format(named: format, output: nil))
                print(text, terminator: "")
            }
        }
    }
}
