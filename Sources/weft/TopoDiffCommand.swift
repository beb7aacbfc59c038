import ArgumentParser
import Foundation
import Topology

/// `weft topo diff A B`: what changed between two versions.
struct TopoDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed from version A to version B (+ added, - removed, ~ changed)."
    )

    @Argument(help: "The older version number.") var from: Int
    @Argument(help: "The newer version number.") var to: Int
    @OptionGroup var store: StoreOptions

    @Flag(help: "Print the difference as JSON.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let diff = try store.openExisting().diff(from: from, to: to)
            if json {
                print(try JSONOutput.text(diff))
            } else if diff.isEmpty {
                print("versions \(from) and \(to) describe the same topology")
            } else {
                diff.lines.forEach { print($0) }
            }
        }
    }
}
