import ArgumentParser
import Foundation
import WhatIf

/// `weft whatif SCENARIO`: runs a what-if scenario and writes report.html and report.json.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Run a what-if scenario (baseline + events) and write report.html and report.json.",
        discussion: "Scenarios live in scenarios/*.yaml; see the README for the format. Progress goes to standard error."
    )

    @Argument(help: "The scenario YAML file.")
    var scenario: String

    @Option(name: .shortAndLong, help: "Directory for report.html and report.json (default: reports/<scenario name>/).")
    var output: String?

    func run() throws {
        let loaded: Scenario
        let prepared: PreparedScenario
        do throws(ScenarioError) {
            loaded = try ScenarioLoader().load(file: scenario)
            prepared = try PreparedScenario(loaded, file: scenario)
        } catch {
            for line in error.lines {
                FileHandle.standardError.write(Data("error: \(line)\n".utf8))
            }
            throw ExitCode.failure
        }
        let progress = ProgressLine()
        let report = try ScenarioRunner().run(prepared) { progress.show($0) }
        let directory = URL(fileURLWithPath: output ?? "reports/\(loaded.name)")
        let written = try ReportWriter().write(report, to: directory)
        print("report: \(written.html.path)")
        print("json:   \(written.json.path)")
    }
}
