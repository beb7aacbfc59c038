import ArgumentParser
import Foundation
import Optimizer
import Service
import TopologyFormats
import TopologyStore
import WhatIf

/// `weft whatif SCENARIO`: runs a what-if scenario and writes report.html and report.json.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Run a what-if scenario (baseline + events) and write report.html and report.json.",
        discussion: """
            Scenarios live in scenarios/*.yaml; see the README for the format. Progress goes to standard error. \
            With --db the baseline is the store's latest topology (the scenario's topology is not used), and \
            demand entries {from: declared} or {from: measured} take the stored declared demands or the newest \
            measured traffic matrix.
            """
    )

    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Option(name: .shortAndLong, help: "Directory for report.html and report.json (default: reports/<scenario name>/).")
    var output: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Start from this store's latest topology and its demands (SQLite file or postgres:// URL).", valueName: "path|url"))
    var database: String?

    @Flag(help: "With --db: take every step's min-cuts over what the store's path reservations leave of each link.")
    var minusReservations = false

    func validate() throws {
        if minusReservations, database == nil { throw ValidationError("--minus-reservations needs --db (the store holding the reservations)") }
    }

    func run() throws {
        let loaded: Scenario
        let prepared: PreparedScenario
        let progress = ProgressLine()
        progress.status("preparing \(scenario): topology, demands, event states…")
        do throws(LocatedError) {
            loaded = try ScenarioLoader().load(file: scenario)
            let live = try database.map { path throws(LocatedError) in try Self.live(from: path, classes: loaded.classes.map(\.qosClass), scenario: scenario, reservations: minusReservations) }
            prepared = try PreparedScenario(loaded, file: scenario, live: live)
        } catch {
            progress.status("")
            for problem in error.problems {
                FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            }
            throw ExitCode.failure
        }
        let report = try ScenarioRunner().run(prepared) { progress.show($0) }
        let directory = URL(fileURLWithPath: output ?? "reports/\(loaded.name)")
        progress.status("writing report.html and report.json…")
        let written = try ReportWriter().write(report, to: directory)
        progress.status("")
        print("report: \(written.html.path)")
        print("json:   \(written.json.path)")
    }

    /// The store's latest topology, declared demands, newest measured matrix and (when asked) reservations.
    private static func live(from path: String, classes: [QoSClass], scenario: String, reservations: Bool) throws(LocatedError) -> LiveState {
        func failure(_ message: String) -> LocatedError {
            LocatedError(file: scenario, problems: [LocatedProblem("--db \(path): \(message)", at: FieldLocation(line: nil, field: "topology"))])
        }
        guard PostgresLocation.isPostgresURL(path) || FileManager.default.fileExists(atPath: path) else { throw failure("no such database") }
        let known = QoSClass.defaults.filter { builtIn in !classes.contains { $0.name == builtIn.name } } + classes
        do {
            let store = try TopologyStore(location: path, additionalMigrations: StoreOptions.moduleMigrations)
            let latest = try store.loadLatest()
            let declared = try store.read { db in try DemandRecords.all(classes: known, in: db) }
            let snapshot = try store.read(MatrixRecords.latest(in:))
            let measured = (snapshot?.entries ?? []).map { entry in
                Demand(id: "measured:\(entry.source)->\(entry.destination)/\(entry.className)", source: entry.source, destination: entry.destination,
                       rateBps: entry.smoothedBps, qosClass: known.first { $0.name == entry.className } ?? QoSClass(name: entry.className, weight: 1, priority: 9))
            }
            return LiveState(location: store.path, topology: latest.topology, topologyVersion: latest.version.number, declared: declared,
                             measured: measured, measuredAt: snapshot?.sampledAt,
                             reservations: try reservations ? store.read(CapacityReservations.stored(in:)) : nil)
        } catch {
            throw failure("\(error)")
        }
    }
}
