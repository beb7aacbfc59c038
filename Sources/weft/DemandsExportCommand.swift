import ArgumentParser
import Optimizer

/// `weft demands export`: the declared demands as a demand file (CSV or YAML) that `import` reads back.
struct DemandsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the declared demands as a CSV or YAML demand file."
    )

    @OptionGroup var options: DemandStoreOptions

    @Option(help: "csv or yaml (default: from --output's extension, else csv).")
    var format: String?

    @Option(name: .shortAndLong, help: "File to write (default: standard output).")
    var output: String?

    func run() throws {
        try runReportingFailures {
            let chosen = try format.map { name in
                guard let chosen = DemandFileWriter.Format(rawValue: name) else { throw CommandFailure("--format '\(name)': expected csv or yaml") }
                return chosen
            } ?? output.flatMap { DemandFileWriter.Format(path: $0) } ?? .csv
            let demands = try options.declared(in: options.store.openExisting())
            guard let output else {
                print(try DemandFileWriter.text(of: demands, format: chosen), terminator: "")
                return
            }
            try DemandFileWriter.write(demands, to: output, format: chosen)
        }
    }
}
