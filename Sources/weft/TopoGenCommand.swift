import ArgumentParser

/// `weft topo gen …`: build a fabric from parameters.
struct TopoGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Generate a fabric and save it to the store (or write it with --output).",
        subcommands: [GenSpineLeafCommand.self, GenFatTreeCommand.self]
    )
}
