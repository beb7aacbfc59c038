import ArgumentParser
import Service
import TopologyStore

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
