import ArgumentParser
import Foundation
import Optimizer
import Service
import TopologyStore

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
