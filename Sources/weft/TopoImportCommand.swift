import ArgumentParser
import Foundation
import Topology
import TopologyFormats

/// `weft topo import FILE`: read a topology file and save it as a new version.
struct TopoImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a topology file (GraphML, SNDlib, Weft YAML/JSON, LLDP snapshot) as a new version.",
        discussion: "Nothing is written when the file has any problem. A topology equal to the latest version makes no new version."
    )

    @Argument(help: ArgumentHelp("The topology file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("graphml, sndlib, yaml, json or lldp (default: from the file name).", valueName: "format"))
    var format: String?

    @Option(name: .customLong("default-capacity"), help: "Capacity for links whose file gives none, e.g. 10G.")
    var defaultCapacity = "10G"

    @OptionGroup var destination: TopologyDestinationOptions

    func run() throws {
        try runReportingFailures {
            let importer = TopologyImporter(defaultCapacityBps: try parseRate(defaultCapacity, option: "--default-capacity"))
            let explicit = try format.map { text throws(LocatedError) in try TopologyFormat.named(text, for: file) }
            let imported = try importer.importFile(atPath: file, format: explicit)
            imported.warnings.forEach { printError("warning: \($0)") }
            try destination.deliver(imported.topology, source: "import \((file as NSString).lastPathComponent)")
        }
    }
}
