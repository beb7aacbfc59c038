import ArgumentParser
import Foundation
import Optimizer
import TaasPlanner
import Topology
import TopologyFormats

/// `weft tap plan`: optimize the tenant demands, place every tap flow's copies in what tenant traffic
/// leaves, and print the placement next to tenant throughput with and without taps (the tenant LP is
/// solved twice, once as if no tap existed, to show the two agree).
struct TapPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Place tap copies around an optimized tenant allocation and show what each tap gets."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Topology file (yaml, json, graphml, sndlib) or spine-leaf:SxLxH; default: the latest in --db.", valueName: "file")) var topology: String?
    @Option(help: ArgumentHelp("Tenant demands: CSV (src,dst,rate_bps,class) or YAML.", valueName: "file")) var demands: String
    @Option(help: ArgumentHelp("Tap services and flows (YAML/JSON); default: the ones stored in --db.", valueName: "file")) var taps: String?
    @Option(help: "Tenant objective: max-weighted-throughput, min-mlu or priority-maxmin.") var objective = Objective.maxWeightedThroughput.rawValue
    @Option(help: "Fraction of every fabric link kept free for tenant bursts (0 ≤ h < 1).") var headroom = 0.0
    @Option(name: .customLong("mirror-cap"), help: "Largest share of any link's capacity mirror copies may use.") var mirrorCap = 0.1
    @Flag(help: "Print the plan as JSON.") var json = false

    func run() throws {
        try runTapCommand {
            guard let chosen = Objective(rawValue: objective) else {
                throw CommandFailure("--objective: '\(objective)' is not one of \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let fabric = try loadTopology()
            let demandFile = try DemandFileArguments.load(demands, classes: nil)
            let context = TapContext(topology: fabric, demandEndpoints: demandFile.demands.map { ($0.source, $0.destination) })
            let catalog = try loadTaps(context)
            let problems = catalog.problems(in: context)
            guard problems.isEmpty else { throw CommandFailure(problems.map(\.description)) }

            let options = OptimizerOptions(objective: chosen, headroom: headroom)
            let optimizer = TrafficOptimizer(topology: fabric)
            let withoutTaps: Allocation
            let tenant: Allocation
            do {
                withoutTaps = try optimizer.optimize(demandFile.demands, options: options)
                tenant = try optimizer.optimize(demandFile.demands, options: options)
            } catch let error as OptimizerError {
                throw CommandFailure(error, demandsFrom: demandFile)
            }
            let plan = try MirrorPlanner(topology: fabric, options: MirrorPlannerOptions(mirrorCapFraction: mirrorCap))
                .plan(catalog, around: tenant, traffic: .allocation(tenant))
            if json {
                print(try JSONOutput.text(TapPlanReport(plan: plan, withoutTaps: withoutTaps)))
            } else {
                TapPlanReport.lines(plan, withoutTaps: withoutTaps, topology: fabric).forEach { print($0) }
            }
        }
    }

    private func loadTopology() throws -> Topology {
        if let topology {
            return try TopologyArgument.load(topology)
        }
        return try store.openExisting().loadLatest().topology
    }

    private func loadTaps(_ context: TapContext) throws -> TapCatalog {
        if let taps {
            return try TapsFile.load(path: taps, context: context)
        }
        return try TapStore(store: try store.openExisting()).catalog()
    }
}
