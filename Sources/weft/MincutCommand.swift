import ArgumentParser
import Foundation
import Optimizer
import Service
import Topology
import TopologyFormats
import TopologyStore

/// `weft mincut`: the maximum flow between two nodes and the links of a minimum cut, or with
/// `--all` the min-cut between every pair of leaves, hosts or nodes from one Gomory–Hu tree.
struct MincutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mincut",
        abstract: "Print the max-flow value and a minimum cut between two hosts or switches, or (--all) for every pair.",
        discussion: """
        With --all, Weft builds a Gomory–Hu cut tree (Gusfield: one max-flow per switch but one) over the \
        links that are up, each cable counted with the smaller of its two directions, and prints the K weakest \
        pairs with their cut cables, the distribution of min-cut values, and the cables that appear in the \
        most minimum cuts. --json prints all of it and the tree itself. With --db the store's latest topology \
        is used, and --minus-reservations subtracts what its path reservations hold from links and host ports.
        """)

    @Option(help: "Topology file (yaml, json, graphml, sndlib) or a generator spec such as spine-leaf:4x8 or fat-tree:8.")
    var topology: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Use this store's latest topology instead of --topology (SQLite file or postgres:// URL).", valueName: "path|url"))
    var database: String?

    @Flag(help: "With --all and --db: min-cuts over what the store's path reservations leave of each link and host port.")
    var minusReservations = false

    @Argument(help: "Source host or switch (not with --all).")
    var source: String?

    @Argument(help: "Destination host or switch (not with --all).")
    var destination: String?

    @Flag(help: "Min-cut between every pair, from a Gomory–Hu tree.")
    var all = false

    @Option(help: "With --all: pairs of leaves, hosts or nodes (default: leaves if the fabric has any, else nodes).")
    var between: MinCutEndpoints?

    @Option(help: "With --all: how many weakest pairs and weak-spot cables to list.")
    var top: Int = 10

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard (topology == nil) != (database == nil) else { throw ValidationError("give either --topology or --db") }
        if minusReservations {
            guard database != nil, all else { throw ValidationError("--minus-reservations needs --all and --db (the store holding the reservations)") }
        }
        if all {
            guard source == nil, destination == nil else { throw ValidationError("--all takes no source or destination") }
            guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
        } else {
            guard source != nil, destination != nil else { throw ValidationError("give a source and a destination, or --all") }
            guard between == nil else { throw ValidationError("--between needs --all") }
        }
    }

    func run() throws {
        try runReportingFailures {
            do {
                if all { try runAllPairs() } else { try runPair(source ?? "", destination ?? "") }
            } catch let error as OptimizerError {
                throw CommandFailure(error.description)
            }
        }
    }

    /// The topology from --topology or the store, with the store's reservations when asked for.
    private func load() throws -> (imported: ImportedTopology, reservations: CapacityReservations?) {
        if let topology { return (try TopologyArgument.loadWithWarnings(topology), nil) }
        let path = database ?? ""
        guard PostgresLocation.isPostgresURL(path) || FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("--db \(path): no such database")
        }
        do {
            let store = try TopologyStore(location: path, additionalMigrations: StoreOptions.moduleMigrations)
            let latest = try store.loadLatest()
            let reservations = try minusReservations ? store.read(CapacityReservations.stored(in:)) : nil
            return (ImportedTopology(topology: latest.topology, warnings: []), reservations)
        } catch {
            throw CommandFailure("--db \(path): \(error)")
        }
    }

    private func runPair(_ source: String, _ destination: String) throws {
        let fabric = try load().imported.topology
        let result = try MaxFlow.compute(in: fabric, from: source, to: destination)
        if json {
            print(try JSONOutput.text(result))
            return
        }
        print("max flow \(source) -> \(destination): \(Formatting.rate(result.valueBps))")
        print("minimum cut (\(result.cut.count) edge\(result.cut.count == 1 ? "" : "s")):")
        var table = TextTable(["edge", "capacity"], rightAligned: [1])
        for edge in result.cut { table.append([edge.name, Formatting.rate(edge.capacityBps)]) }
        table.lines.forEach { print("  " + $0) }
        print("source side: \(result.sourceSide.joined(separator: ", "))")
    }

    struct AllPairsReport: Encodable {
        var topology: String
        var between: MinCutEndpoints
        var seconds: Double
        var summary: MinCutSummary
        var tree: GomoryHuTree
    }

    private func runAllPairs() throws {
        let (imported, reservations) = try load()
        imported.warnings.forEach { printError("warning: \($0)") }
        let fabric = imported.topology
        let kind = between ?? MinCutEndpoints.defaultChoice(for: fabric)
        let endpoints = try kind.names(in: fabric)
        let progress = FlowProgress()
        let clock = ContinuousClock()
        let start = clock.now
        let tree = GomoryHuTree(topology: fabric, reservations: reservations, includeHosts: kind == .hosts, progress: progress.show)
        let summary = MinCutSummary(tree: tree, endpoints: endpoints, weakest: top, weakSpots: top)
        let seconds = (clock.now - start).seconds
        progress.finish()
        if json {
            print(try JSONOutput.text(AllPairsReport(topology: fabric.name, between: kind, seconds: seconds, summary: summary, tree: tree)))
            return
        }
        print("all-pairs min-cut of \(fabric.name): \(endpoints.count) \(kind.rawValue), \(summary.pairCount) pairs; "
              + "Gomory–Hu tree from \(tree.maxFlowCount) max-flows in \(Formatting.seconds(seconds))")
        for note in tree.notes { print("note: \(note)") }
        if summary.disconnectedPairs > 0 {
            print("\(summary.disconnectedPairs) of \(summary.pairCount) pairs are disconnected (min-cut 0)")
        }
        print("\nweakest \(summary.weakest.count) pair\(summary.weakest.count == 1 ? "" : "s"):")
        var weakest = TextTable(["pair", "min-cut", "cut cables"], rightAligned: [1])
        for pair in summary.weakest {
            let cables = pair.cut.isEmpty ? "none: disconnected" : "\(pair.cut.count): " + Self.listing(pair.cut.map(\.name), limit: 4)
            weakest.append(["\(pair.source) – \(pair.destination)", Formatting.rate(pair.valueBps), cables])
        }
        weakest.lines.forEach { print("  " + $0) }
        print("\ndistribution:")
        var distribution = TextTable(["min-cut", "pairs", "share", ""], rightAligned: [0, 1, 2])
        for bucket in summary.distribution {
            let share = Double(bucket.pairs) / Double(max(summary.pairCount, 1))
            distribution.append([Formatting.rate(bucket.valueBps), "\(bucket.pairs)", Formatting.percent(share), Formatting.bar(share)])
        }
        distribution.lines.forEach { print("  " + $0) }
        print("\nweak spots (cables in the most minimum cuts):")
        var spots = TextTable(["cable", "capacity", "in cuts of"], rightAligned: [1, 2])
        for spot in summary.weakSpots {
            spots.append([spot.cable.name, Formatting.rate(spot.cable.capacityBps), "\(spot.pairs) pairs"])
        }
        spots.lines.forEach { print("  " + $0) }
    }

    private static func listing(_ names: [String], limit: Int) -> String {
        names.count > limit ? names.prefix(limit).joined(separator: ", ") + ", … (\(names.count - limit) more)" : names.joined(separator: ", ")
    }
}

extension MinCutEndpoints: ExpressibleByArgument {}
