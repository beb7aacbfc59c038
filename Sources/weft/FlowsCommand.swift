import ArgumentParser
import FlowCompiler
import Foundation
import Optimizer
import TaasPlanner
import Topology
import TopologyFormats

/// `weft flows`: what the controller would install on every switch, without a switch — every table
/// entry, group and meter, in `ovs-ofctl` syntax (readable next to `ovs-ofctl dump-flows`) or JSON.
///
/// Routes are shortest paths, or the allocation optimized for `--demands` with its class aggregates
/// (DSCP classification, one meter and weighted select group per (ingress leaf, egress leaf, class),
/// classes from `--classes`); `--taps` adds the mirror copies placed around it. `--summary` prints
/// only the counts per switch and in all, class-aggregate entries separately. The program is compiled as version 1, the first version a freshly
/// started controller installs (only the version field of the cookies differs later).
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Print the flow entries, groups and meters the controller would install on each switch."
    )

    @OptionGroup var source: TopologySourceOptions
    @Option(help: ArgumentHelp("Demands to optimize (CSV src,dst,rate_bps,class or YAML); default: shortest paths.", valueName: "file"))
    var demands: String?
    @Option(help: ArgumentHelp("Tap services and flows (YAML/JSON) whose mirror copies to add.", valueName: "file"))
    var taps: String?
    @Option(help: "Objective for --demands: max-weighted-throughput, min-mlu or priority-maxmin.")
    var objective = Objective.maxWeightedThroughput.rawValue
    @Option(name: .customLong("switch"), help: ArgumentHelp("Only this switch.", valueName: "name"))
    var switchName: String?
    @Option(help: "Output format: ofctl or json.")
    var format = "ofctl"
    @Option(help: ArgumentHelp("Class file (YAML) for --demands: DSCP values, weights, pins (default gold 46, silver 26, bronze).", valueName: "file"))
    var classes: String?
    @Flag(help: "Print only the number of entries (class-aggregate entries apart), groups and meters per switch and in all.")
    var summary = false
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Two stored versions: print what the update from the first to the second changes on each switch (- removed, + added).", valueName: "version"))
    var diff: [Int] = []

    func run() throws {
        try runTapCommand {
            guard ["ofctl", "json"].contains(format) else { throw CommandFailure("--format: '\(format)' is not one of ofctl, json") }
            guard diff.isEmpty else { return try printDiff() }
            let loaded = try source.load()
            loaded.warnings.forEach { printError("warning: \($0)") }
            let topology = loaded.topology
            if let switchName, topology.switchNamed(switchName) == nil {
                throw CommandFailure("--switch: no switch '\(switchName)' in the topology (\(ListSummary(topology.switches.map(\.name).sorted(), shown: 8, noun: .init("switch", plural: "switches"))))")
            }
            let program = try compile(topology)
            let programs = program.switches.values
                .filter { switchName == nil || $0.switchName == switchName }
                .sorted { $0.switchName < $1.switchName }
            if summary {
                printSummary(programs)
            } else if format == "json" {
                print(try JSONOutput.text(programs.map(SwitchProgramListing.init)))
            } else {
                for item in programs {
                    print("# \(item.switchName) (dpid \(item.datapathID)): \(item.flows.count) flows, \(item.groups.count) groups, \(item.meters.count) meters")
                    item.flows.forEach { print($0.ofctlLine) }
                    item.groups.forEach { print(" \($0)") }
                    item.meters.forEach { print(" \($0)") }
                }
            }
        }
    }

    /// `--summary`: one line per switch and the totals.
    private func printSummary(_ programs: [SwitchProgram]) {
        var table = TextTable(["SWITCH", "ENTRIES", "CLASS AGGREGATES", "GROUPS", "METERS"], rightAligned: [1, 2, 3, 4])
        var totals = (entries: 0, aggregates: 0, groups: 0, meters: 0)
        for program in programs {
            let aggregates = program.flows.filter { $0.cookie.purpose == .classAggregate }.count
            table.append([program.switchName, "\(program.flows.count)", "\(aggregates)", "\(program.groups.count)", "\(program.meters.count)"])
            totals.entries += program.flows.count
            totals.aggregates += aggregates
            totals.groups += program.groups.count
            totals.meters += program.meters.count
        }
        table.lines.forEach { print($0) }
        print("\(programs.count) switches: \(totals.entries) entries, \(totals.aggregates) class-aggregate entries, \(totals.groups) groups, \(totals.meters) meters")
    }

    /// `--diff V1 V2`: both stored versions compiled alike, and the entries, groups and meters each
    /// switch loses (`-`) and gains (`+`).
    private func printDiff() throws {
        guard diff.count == 2 else { throw CommandFailure("--diff takes two stored versions, e.g. --diff 3 4 (got \(diff.count))") }
        guard source.file == nil, source.version == nil else { throw CommandFailure("--diff reads two versions from --db; it cannot be combined with --topology or --version") }
        let store = try source.store.openExisting()
        let before = try compile(try store.load(version: diff[0]).topology)
        let after = try compile(try store.load(version: diff[1]).topology)
        func lines(_ program: SwitchProgram?) -> [String] {
            guard let program else { return [] }
            return program.flows.map(\.ofctlLine) + program.groups.map { " \($0)" } + program.meters.map { " \($0)" }
        }
        var changedSwitches = 0
        for name in Set(before.switches.keys).union(after.switches.keys).sorted() where switchName == nil || name == switchName {
            let old = lines(before.switches[name]), new = lines(after.switches[name])
            let removed = old.filter { !new.contains($0) }, added = new.filter { !old.contains($0) }
            guard !removed.isEmpty || !added.isEmpty else { continue }
            changedSwitches += 1
            print("# \(name): -\(removed.count) +\(added.count)")
            removed.forEach { print("-\($0)") }
            added.forEach { print("+\($0)") }
        }
        print("version \(diff[0]) -> \(diff[1]): \(changedSwitches) switch\(changedSwitches == 1 ? "" : "es") change")
    }

    private func compile(_ topology: Topology) throws -> FabricProgram {
        let (allocation, endpoints) = try optimize(topology)
        let classCatalog = try DemandFileArguments.classes(classes)
        var plan: RoutingPlan
        do {
            plan = demands == nil
                ? RoutingPlan.shortestPaths(in: topology, version: 1)
                : try RoutingPlan(allocation: allocation, topology: topology, version: 1, classes: classCatalog)
        } catch {
            throw CommandFailure(error.description)
        }
        if let taps {
            let context = TapContext(topology: topology, demandEndpoints: endpoints)
            let catalog = try TapsFile.load(path: taps, context: context)
            let problems = catalog.problems(in: context)
            guard problems.isEmpty else { throw CommandFailure(problems.map(\.description)) }
            let mirror = try MirrorPlanner(topology: topology).plan(catalog, around: allocation, traffic: .allocation(allocation))
            plan.mirror = MirrorProgram(plan: mirror, catalog: catalog, topology: topology)
        }
        do {
            return try FlowCompiler().compile(plan, for: topology)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The allocation for `--demands` (an empty one without), and the demands' endpoints.
    private func optimize(_ topology: Topology) throws -> (Allocation, [(source: String, destination: String)]) {
        guard let demands else {
            let empty = Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
                                   demands: [], solveSeconds: 0, solverStatus: .optimal)
            return (empty, [])
        }
        guard let chosen = Objective(rawValue: objective) else {
            throw CommandFailure("--objective: '\(objective)' is not one of \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let demandFile = try DemandFileArguments.load(demands, classes: classes)
        let endpoints = demandFile.demands.map { (source: $0.source, destination: $0.destination) }
        let allocation: Allocation
        do {
            allocation = try TrafficOptimizer(topology: topology).optimize(demandFile.demands, options: OptimizerOptions(objective: chosen))
        } catch {
            throw CommandFailure(error, demandsFrom: demandFile)
        }
        return (allocation, endpoints)
    }
}
