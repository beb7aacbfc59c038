import ArgumentParser

/// `weft topo …`: build, import, inspect and export the fabric topology and its history.
struct TopoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topo",
        abstract: "Generate, import, show, export and compare fabric topologies.",
        subcommands: [
            TopoGenCommand.self, TopoImportCommand.self, TopoShowCommand.self,
            TopoExportCommand.self, TopoHistoryCommand.self, TopoDiffCommand.self,
        ]
    )
}
