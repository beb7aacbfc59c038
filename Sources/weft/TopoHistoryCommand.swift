import ArgumentParser
import Foundation
import Topology

/// `weft topo history`: every saved version, oldest first.
struct TopoHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the saved topology versions."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print the versions as JSON.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let versions = try store.openExisting().versions()
            if json {
                print(try JSONOutput.text(versions))
                return
            }
            guard !versions.isEmpty else {
                print("\(store.path) holds no topology versions yet")
                return
            }
            var table = TextTable(["VERSION", "SAVED", "SOURCE", "NAME", "SWITCHES", "LINKS", "HOSTS"], rightAligned: [0, 4, 5, 6])
            for version in versions {
                table.append([
                    "\(version.number)", TopologySummary.timestamp(version.savedAt), version.source, version.name,
                    "\(version.switchCount)", "\(version.linkCount)", "\(version.hostCount)",
                ])
            }
            table.lines.forEach { print($0) }
        }
    }
}
