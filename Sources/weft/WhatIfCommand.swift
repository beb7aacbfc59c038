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
            With --db the run starts from the store of a running fabric: the baseline is its latest topology (the \
            scenario's topology is not used); demand entries {from: store} (the default when a 'topology: store' \
            scenario has no demands) take the matrix --demand-basis chooses, {from: declared} / {from: measured} the \
            stored declared demands or the newest measured matrix; the stored tap services and flows are placed in \
            every step next to the scenario's (copies only in what tenant traffic leaves); the stored path \
            reservations hold their rates in every step (tenant traffic and copies get the rest, as in weft serve), \
            and each step says which taps and reservations its event broke.
            """
    )

    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Option(name: .shortAndLong, help: "Directory for report.html and report.json (default: reports/<scenario name>/).")
    var output: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Start from this store's latest topology, demands, taps and reservations (SQLite file or postgres:// URL).", valueName: "path|url"))
    var database: String?

    @Option(name: .customLong("demand-basis"), help: ArgumentHelp(
        "With --db: what {from: store} entries take: declared (the stored declared demands; the default, as weft serve), measured (the newest measured matrix × --growth-margin) or larger (of both, per aggregate).",
        valueName: "basis"))
    var demandBasis = DemandPolicy.Basis.declared.rawValue

    @Option(name: .customLong("growth-margin"), help: "With --db and --demand-basis measured|larger: factor on measured rates (default 1).")
    var growthMargin = 1.0

    @Flag(help: "With --db: take every step's min-cuts over what the store's path reservations leave of each link.")
    var minusReservations = false

    func validate() throws {
        if minusReservations, database == nil { throw ValidationError("--minus-reservations needs --db (the store holding the reservations)") }
        guard DemandPolicy.Basis(rawValue: demandBasis) != nil else {
            throw ValidationError("--demand-basis '\(demandBasis)': expected \(DemandPolicy.Basis.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if database == nil, demandBasis != DemandPolicy.Basis.declared.rawValue || growthMargin != 1 {
            throw ValidationError("--demand-basis and --growth-margin choose among a store's demands: they need --db")
        }
        if !(growthMargin > 0 && growthMargin.isFinite) { throw ValidationError("--growth-margin '\(growthMargin)': must be a positive number") }
    }

    func run() throws {
        let loaded: Scenario
        let prepared: PreparedScenario
        let progress = ProgressLine()
        progress.status("preparing \(scenario): topology, demands, event states…")
        do throws(LocatedError) {
            loaded = try ScenarioLoader().load(file: scenario)
            let live = try database.map { path throws(LocatedError) in
                try LiveStateReader(path: path, scenario: scenario, policy: DemandPolicy(basis: DemandPolicy.Basis(rawValue: demandBasis) ?? .declared, growthMargin: growthMargin),
                                    minCutMinusReservations: minusReservations).read(classes: loaded.classes.map(\.qosClass))
            }
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
        if let live = report.live {
            Self.liveLines(report, live: live).forEach { print($0) }
        }
        print("report: \(written.html.path)")
        print("json:   \(written.json.path)")
    }

    /// With --db: where the run started from, and per step the taps, the reservations and what broke.
    private static func liveLines(_ report: WhatIfReport, live: LiveSummary) -> [String] {
        var lines = ["from \(live.location), topology version \(live.topologyVersion)"] + live.demandSources.map { "  \($0)" }
        for step in report.steps {
            var parts = [String(format: "served %.1f %%, MLU %.1f %%", step.servedFraction * 100, step.mlu * 100)]
            if let mirrors = step.mirrors { parts.append(mirrors.tally) }
            if let reservations = step.reservations, !reservations.isEmpty {
                let counts = ReservationStatus.allCases.map { status in "\(reservations.filter { $0.status == status }.count) \(status.rawValue)" }
                parts.append("reservations: " + counts.joined(separator: ", "))
            }
            lines.append("step \(step.index) \(step.label): " + parts.joined(separator: "; "))
            lines += step.impacts.map { "  breaks \($0.message)" }
        }
        return lines
    }
}
