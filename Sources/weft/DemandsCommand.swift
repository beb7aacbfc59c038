import ArgumentParser
import Foundation
import Optimizer
import Service
import Topology
import TopologyFormats
import TopologyStore

/// `weft demands …`: the declared demands stored in the database (the ones `weft serve` optimizes
/// without `--demands`, and `PUT /v1/demands` replaces) and the newest measured traffic matrix.
struct DemandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demands",
        abstract: "Show, export or import the declared demands next to the measured traffic matrix.",
        subcommands: [DemandsShowCommand.self, DemandsExportCommand.self, DemandsImportCommand.self]
    )
}

/// `--db` and `--classes`: where the demands are stored and which classes their names refer to.
struct DemandStoreOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(help: "Class file (YAML) overriding or adding to gold, silver, bronze, mirror (as given to weft serve).")
    var classes: String?

    /// The declared demands stored in the database, in order.
    func declared(in topologyStore: TopologyStore) throws -> [Demand] {
        let classes = try DemandFileArguments.classes(self.classes).classes
        do {
            return try topologyStore.read { db in try DemandRecords.all(classes: classes, in: db) }
        } catch {
            throw CommandFailure("\(store.path): \(error)")
        }
    }
}

/// `weft demands show`: per (ingress leaf, egress leaf, class) aggregate, declared and measured side by side.
struct DemandsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Declared demands and the newest measured traffic matrix, side by side per leaf pair and class."
    )

    @OptionGroup var options: DemandStoreOptions

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let topologyStore = try options.store.openExisting()
            let declared = try options.declared(in: topologyStore)
            let topology = try topologyStore.loadLatest().topology
            let measured: MatrixSnapshot?
            do {
                measured = try topologyStore.read(MatrixRecords.latest(in:))
            } catch {
                throw CommandFailure("\(options.store.path): \(error)")
            }
            let comparison = DemandComparison(declared: declared, measured: measured, topology: topology)
            if json {
                print(try JSONOutput.text(comparison))
                return
            }
            let sample = measured.map { "measured snapshot #\($0.id) sampled \(TopologySummary.timestamp($0.sampledAt))" } ?? "no measured matrix stored"
            print("\(declared.count) declared demand\(declared.count == 1 ? "" : "s"); \(sample)")
            guard !comparison.rows.isEmpty else { return }
            var table = TextTable(["SRC", "DST", "CLASS", "DECLARED", "DEMANDS", "MEASURED", "LAST WINDOW"], rightAligned: [3, 4, 5, 6])
            for row in comparison.rows {
                table.append([row.source, row.destination, row.className, Formatting.rate(row.declaredBps), "\(row.declaredDemands)",
                              row.measuredBps.map(Formatting.rate) ?? "-", row.lastWindowBps.map(Formatting.rate) ?? "-"])
            }
            table.lines.forEach { print($0) }
        }
    }
}

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

/// `weft demands import FILE`: replaces the declared demands with a demand file's, after checking every
/// line against the latest topology; on any problem nothing is written.
struct DemandsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replace the declared demands with a CSV or YAML demand file (checked against the latest topology; all or nothing)."
    )

    @Argument(help: "Demand file: CSV (src,dst,rate_bps[,class][,id]) or YAML.")
    var file: String

    @OptionGroup var options: DemandStoreOptions

    func run() throws {
        try runReportingFailures {
            let demandFile = try DemandFileArguments.load(file, classes: options.classes)
            let topologyStore = try options.store.openExisting()
            let latest = try topologyStore.loadLatest()
            let checked = Result { () throws(OptimizerError) in try TrafficOptimizer(topology: latest.topology).check(demandFile.demands) }
            if case .failure(let error) = checked {
                guard case .invalidDemands(let problems) = error else { throw CommandFailure("\(file): \(error)") }
                throw CommandFailure(demandFile.locate(problems).problems.map(\.description))
            }
            do {
                try topologyStore.write { db in try DemandRecords.replace(with: demandFile.demands, at: Date(), in: db) }
            } catch {
                throw CommandFailure("\(options.store.path): \(error)")
            }
            print("imported \(demandFile.demands.count) declared demand\(demandFile.demands.count == 1 ? "" : "s") from \(file) (checked against topology version \(latest.version.number))")
        }
    }
}
