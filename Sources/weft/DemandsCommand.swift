import ArgumentParser

/// `weft demands …`: the declared demands stored in the database (the ones `weft serve` optimizes
/// without `--demands`, and `PUT /v1/demands` replaces) and the newest measured traffic matrix.
struct DemandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demands",
        abstract: "Show, export or import the declared demands next to the measured traffic matrix.",
        subcommands: [DemandsShowCommand.self, DemandsExportCommand.self, DemandsImportCommand.self]
    )
}
